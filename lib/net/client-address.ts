import http from 'node:http';
import { BlockList, isIP } from 'node:net';

// The client address the rate limits key on (issue 15 item 7). X-Forwarded-For is written by whoever sends the
// request, and Next.js keeps a client's own header (it only fills it in when absent), so rotating it dodged the
// per-address limit. The address is therefore decided once, where the socket is still known: a request from a
// configured proxy (AREAL_TRUSTED_PROXIES) is attributed to the nearest hop its proxies did not add (read right to
// left, past trusted hops), any other request to the socket's peer — and X-Forwarded-For is overwritten with that
// one address before Next.js or better-auth read it (lib/auth/rate-limit.ts clientAddress).

/** Addresses and CIDR ranges (comma- or space-separated, IPv4 or IPv6) of the proxies whose headers are trusted. */
export function parseTrustedProxies(spec: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (spec ?? '').split(/[\s,]+/).filter(Boolean)) {
    const [address, bits] = entry.split('/');
    const family = isIP(address);
    if (!family) throw new Error(`AREAL_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

/** '::ffff:192.0.2.1' (an IPv4 client on a dual-stack socket) → '192.0.2.1'; other addresses unchanged. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client behind a request whose socket peer is `peer`: the peer itself unless it is a trusted proxy; then
 * the right-most X-Forwarded-For hop that is not a trusted proxy (hops left of it were written by the client).
 */
export function resolveClientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: BlockList): string {
  const direct = normalise(peer ?? '') || 'unknown';
  if (!isTrusted(trusted, direct)) return direct;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor ?? '').split(',').map((h) => normalise(h.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i])) return direct; // a malformed hop: nothing left of it can be believed
    if (!isTrusted(trusted, hops[i])) return hops[i];
  }
  return hops[0] ?? direct;
}

const installed = Symbol.for('areal.clientAddressHook');

/**
 * Rewrites every incoming HTTP request's X-Forwarded-For to the one resolved client address (and drops
 * X-Real-IP), in the Node.js server that runs Next.js (instrumentation.ts). Idempotent.
 */
export function installClientAddressHook(trusted: BlockList): void {
  const proto = http.Server.prototype as http.Server & { [installed]?: boolean };
  if (proto[installed]) return;
  proto[installed] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      req.headers['x-forwarded-for'] = resolveClientAddress(req.socket?.remoteAddress, req.headers['x-forwarded-for'], trusted);
      delete req.headers['x-real-ip'];
    }
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof proto.emit;
}
