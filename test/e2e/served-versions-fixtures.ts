/** A CRD with two served versions and different printer columns, and two of its custom resources (one held by a finalizer). */
export const GIZMO_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gizmos.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gizmos, kind: Gizmo, shortNames: [gz]}
  versions:
  - name: v1beta1
    served: true
    storage: false
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
    additionalPrinterColumns:
    - {name: Colour, type: string, jsonPath: .spec.color}
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
`;

export const GIZMOS = `apiVersion: example.com/v1
kind: Gizmo
metadata: {name: a}
spec: {size: 3, color: red}
---
apiVersion: example.com/v1beta1
kind: Gizmo
metadata: {name: b, finalizers: [example.com/hold]}
spec: {size: 4, color: blue}
`;
