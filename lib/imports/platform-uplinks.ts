// Uplink messages of the sensor platforms Danish municipalities run, turned into an ingest batch so they take the
// one pipeline (token auth, validation, DST and plausibility rules, idempotency, audit) like any batch:
//   - ChirpStack v4 uplink event (HTTP integration, JSON): `deviceInfo.devEui`, `time`, decoded `object`;
//   - The Things Stack v3 uplink (webhook): `end_device_ids.dev_eui`, `uplink_message.received_at`,
//     `uplink_message.decoded_payload`;
//   - OS2iot HTTP-push data target: the body is whatever the device's payload decoder returns (OS2iot docs,
//     "IoT Data Management"); we accept an object (or an array of them) carrying the device EUI (`devEui`,
//     `deviceEUI`, `dev_eui`), optionally a time (`time`, `timestamp`, `ts`), and the people count or occupancy
//     field — and a decoder that forwards the ChirpStack message unchanged is read as ChirpStack.
// A device is the sensor whose id is its EUI (16 hex digits, lower case, no separators). Which decoded field holds
// the reading is per device type: chosen with `?field=`, else the first of DECODED_FIELDS present.
import type { IngestBatch } from './ingest';

export type Platform = 'chirpstack' | 'tts' | 'os2iot';

/** Decoded fields tried in order when none is chosen: people counters first, then presence/occupancy flags. */
export const DECODED_FIELDS = ['peopleCount', 'people_count', 'personCount', 'people', 'count', 'occupancy', 'occupied', 'presence', 'motion'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An EUI as sensor id: hex digits only, lower case (`A8-17-58-FF-FE-05-28-5C` → `a81758fffe05285c`). */
export function euiSensorId(eui: string): string {
  return eui.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
}

interface Uplink {
  eui: unknown;
  time: unknown;
  decoded: unknown;
}

function recognise(body: unknown): { platform: Platform; uplinks: Uplink[] } | null {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0 || !list.every(isObject)) return null;
  const first = list[0] as Json;
  if (isObject(first.deviceInfo)) {
    return { platform: 'chirpstack', uplinks: list.map((m) => ({ eui: (m.deviceInfo as Json | undefined)?.devEui, time: m.time, decoded: m.object })) };
  }
  if (isObject(first.end_device_ids) && isObject(first.uplink_message)) {
    return {
      platform: 'tts',
      uplinks: list.map((m) => {
        const up = (m.uplink_message ?? {}) as Json;
        return { eui: (m.end_device_ids as Json | undefined)?.dev_eui, time: up.received_at ?? m.received_at, decoded: up.decoded_payload };
      }),
    };
  }
  const euiKey = (m: Json) => Object.keys(m).find((k) => /^(dev_?eui|device_?eui|eui)$/i.test(k));
  if (euiKey(first)) {
    return { platform: 'os2iot', uplinks: list.map((m) => ({ eui: m[euiKey(m) ?? ''], time: m.time ?? m.timestamp ?? m.ts, decoded: m })) };
  }
  return null;
}

export type UplinkBatch = { ok: true; platform: Platform; batch: IngestBatch } | { ok: false; message: string };

/**
 * The readings of one platform message (or an array of them): null when the body is no known uplink format.
 * `field` names the decoded field to read; `nowIso` stands in for a message without a time (the receive time).
 */
export function uplinkBatch(body: unknown, field: string | undefined, nowIso: string): UplinkBatch | null {
  const found = recognise(body);
  if (!found) return null;
  const readings: IngestBatch['readings'] = [];
  for (const [i, u] of found.uplinks.entries()) {
    if (typeof u.eui !== 'string' || euiSensorId(u.eui).length !== 16) return { ok: false, message: `message ${i}: no device EUI (16 hex digits)` };
    if (!isObject(u.decoded)) return { ok: false, message: `message ${i}: no decoded payload (configure the device profile's codec / payload decoder)` };
    const decoded = u.decoded;
    const key = field ?? DECODED_FIELDS.find((k) => k in decoded);
    const value = key === undefined ? undefined : decoded[key];
    if (typeof value !== 'number' && typeof value !== 'boolean') {
      return { ok: false, message: `message ${i}: no numeric field ${field ? `"${field}"` : `(${DECODED_FIELDS.join(', ')})`} in the decoded payload (fields: ${Object.keys(decoded).join(', ')}); choose one with ?field=` };
    }
    const ts = typeof u.time === 'string' && u.time.length >= 10 ? u.time : typeof u.time === 'number' ? new Date(u.time > 1e12 ? u.time : u.time * 1000).toISOString() : nowIso;
    readings.push({ sensor: euiSensorId(u.eui), ts: ts.slice(0, 40), value });
  }
  return { ok: true, platform: found.platform, batch: { readings } };
}
