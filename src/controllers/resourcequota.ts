/** The resourcequota controller: keeps each quota's status.hard and status.used current. */
import { jsonEqual, type ApiServer } from '../api/server.js';
import { deepClone } from '../api/types.js';
import { canonical } from '../sim/admission/quantity.js';
import { quotaUsage } from '../sim/admission/quota.js';
import type { Controller } from './types.js';

export const resourceQuotaController: Controller = {
  name: 'resourcequota',
  reconcile(api: ApiServer): void {
    for (const quota of api.list(api.registry.forKind('v1', 'ResourceQuota')!)) {
      const hard = Object.fromEntries(Object.entries((quota.spec?.hard ?? {}) as Record<string, string>).map(([k, v]) => [k, canonical(String(v))]));
      const status = { hard, used: quotaUsage(api, quota) };
      if (jsonEqual(quota.status, status)) continue;
      const next = deepClone(quota);
      next.status = status;
      api.put(next);
    }
  },
};
