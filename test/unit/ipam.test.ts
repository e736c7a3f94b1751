import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonical, formatQuantity, parseQuantity } from '../../src/sim/admission/quantity.js';
import {
  AllocationError,
  allocateClusterIP,
  allocateLoadBalancerIP,
  allocateNodePort,
  claimClusterIP,
  claimNodePort,
  ipToInt,
} from '../../src/sim/ipam.js';

test('dynamic ClusterIPs come from 10.96.0.0/12 above the static band of 256 addresses', () => {
  const low = allocateClusterIP(new Set(), (lo) => lo);
  assert.equal(low, '10.96.1.1');
  const high = allocateClusterIP(new Set(), (_lo, hi) => hi - 1);
  assert.equal(high, '10.111.255.254');
});

test('ClusterIP allocation skips used addresses and falls back to the static band when the upper range is full', () => {
  assert.equal(allocateClusterIP(new Set(['10.96.1.1', '10.96.1.2']), (lo) => lo), '10.96.1.3');
  const tiny = { base: ipToInt('10.0.0.0')!, size: 32, text: '10.0.0.0/27' };
  const used = new Set<string>();
  for (let i = 17; i <= 30; i++) used.add(`10.0.0.${i}`);
  assert.equal(allocateClusterIP(used, (lo) => lo, tiny), '10.0.0.1');
});

test('requested ClusterIPs: out of range and already allocated, in the allocator words', () => {
  assert.throws(() => claimClusterIP('10.200.0.1', new Set()), new AllocationError('the provided IP (10.200.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12'));
  assert.throws(() => claimClusterIP('10.96.0.10', new Set(['10.96.0.10'])), new AllocationError('provided IP is already allocated'));
  assert.doesNotThrow(() => claimClusterIP('10.96.0.10', new Set()));
});

test('NodePorts: dynamic above 30085, requested ones checked against range and use', () => {
  assert.equal(allocateNodePort(new Set(), (lo) => lo), 30086);
  assert.equal(allocateNodePort(new Set([30086]), (lo) => lo), 30087);
  assert.equal(claimNodePort(40000, new Set()), 'provided port is not in the valid range. The range of valid ports is 30000-32767');
  assert.equal(claimNodePort(30080, new Set([30080])), 'provided port is already allocated');
  assert.equal(claimNodePort(30080, new Set()), undefined);
});

test('load-balancer pool hands out the lowest free address and runs dry after .250', () => {
  assert.equal(allocateLoadBalancerIP(new Set()), '172.18.255.200');
  assert.equal(allocateLoadBalancerIP(new Set(['172.18.255.200'])), '172.18.255.201');
  const all = new Set<string>();
  for (let i = 200; i <= 250; i++) all.add(`172.18.255.${i}`);
  assert.equal(allocateLoadBalancerIP(all), undefined);
});

test('quantities print in canonical form', () => {
  assert.equal(canonical('0.5'), '500m');
  assert.equal(canonical('1000m'), '1');
  assert.equal(canonical('2000'), '2k');
  assert.equal(canonical('1024Mi'), '1Gi');
  assert.equal(canonical('1536Mi'), '1536Mi');
  assert.equal(canonical('1.5Gi'), '1536Mi');
  assert.equal(canonical('128974848'), '128974848');
  assert.equal(formatQuantity({ nanos: 0n, binary: true }), '0');
  assert.equal(parseQuantity('abc'), undefined);
});

test("nodes' pod ranges are consecutive /24s from 10.244.0.0: kind's for the first 256 nodes, valid addresses past them", async () => {
  const { indexOfPodCIDR, podCIDROf } = await import('../../src/sim/bootstrap.js');
  assert.equal(podCIDROf(0), '10.244.0.0/24');
  assert.equal(podCIDROf(255), '10.244.255.0/24');
  assert.equal(podCIDROf(256), '10.245.0.0/24');
  assert.equal(podCIDROf(848), '10.247.80.0/24');
  for (const i of [0, 7, 255, 256, 848, 4999]) assert.equal(indexOfPodCIDR(podCIDROf(i)), i);
  assert.equal(indexOfPodCIDR('10.244.300.0/24'), undefined);
  assert.equal(indexOfPodCIDR('10.243.255.0/24'), undefined);
  assert.equal(indexOfPodCIDR('192.168.0.0/16'), undefined);
});
