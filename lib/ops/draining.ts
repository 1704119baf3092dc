// A web process that received SIGTERM finishes its requests but should get no new ones: /api/ready answers 503
// from then on (scripts/web.ts sets it), so a load balancer polling readiness takes the instance out first.
declare global {
  var arealDraining: boolean | undefined;
}

export function markDraining(): void {
  globalThis.arealDraining = true;
}

export function isDraining(): boolean {
  return globalThis.arealDraining === true;
}
