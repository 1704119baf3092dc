// Uplink messages of the sensor platforms Danish municipalities run, turned into an ingest batch so they take the
// one pipeline (token auth, validation, DST and plausibility rules, idempotency, audit) like any batch:
//   - ChirpStack v4 uplink event (HTTP integration, JSON): `deviceInfo.devEui`, `time`, decoded `object`;
//   - The Things Stack v3 uplink (webhook): `end_device_ids.dev_eui`, `uplink_message.received_at`,
//     `uplink_message.decoded_payload`;
//   - OS2iot HTTP-push data target: the body is whatever the device's payload decoder returns (OS2iot docs,
//     "IoT Data Management"); we accept an object (or an array of them) carrying the device EUI (`devEui`,
//     `deviceEUI`, `dev_eui`), optionally a time (`time`, `timestamp`, `ts`), and the people count or occupancy
//     field — and a decoder that forwards the ChirpStack message unchanged is read as ChirpStack.
// A device is found through the organisation's mapping (lib/sensors/devices.ts, the sensors page): its EUI → a sensor
// and a device type, whose dotted field path names the reading. A device without a mapping falls back to the sensor
// whose id is its EUI (16 hex digits, lower case, no separators), its field chosen with `?field=`, else the first
// of DECODED_FIELDS present. An EUI that resolves to neither is refused per message, never stored.
import type { ResolvedDevice } from '@/lib/sensors/devices';
import { normaliseEui } from '@/lib/sensors/eui';
import { readingAtPath } from '@/lib/sensors/field-path';
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
  /** Where a device type's field path is looked up, in order: the message, the object holding the decoded payload. */
  roots: unknown[];
}

function recognise(body: unknown): { platform: Platform; uplinks: Uplink[] } | null {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0 || !list.every(isObject)) return null;
  const first = list[0] as Json;
  if (isObject(first.deviceInfo)) {
    return { platform: 'chirpstack', uplinks: list.map((m) => ({ eui: (m.deviceInfo as Json | undefined)?.devEui, time: m.time, decoded: m.object, roots: [m, m.object] })) };
  }
  if (isObject(first.end_device_ids) && isObject(first.uplink_message)) {
    return {
      platform: 'tts',
      uplinks: list.map((m) => {
        const up = (m.uplink_message ?? {}) as Json;
        return { eui: (m.end_device_ids as Json | undefined)?.dev_eui, time: up.received_at ?? m.received_at, decoded: up.decoded_payload, roots: [m, up, up.decoded_payload] };
      }),
    };
  }
  const euiKey = (m: Json) => Object.keys(m).find((k) => /^(dev_?eui|device_?eui|eui)$/i.test(k));
  if (euiKey(first)) {
    return { platform: 'os2iot', uplinks: list.map((m) => ({ eui: m[euiKey(m) ?? ''], time: m.time ?? m.timestamp ?? m.ts, decoded: m, roots: [m] })) };
  }
  return null;
}

/** One refused message of a platform body, in the ingest API's error shape. */
export interface UplinkIssue {
  index: number;
  field: string;
  value: string;
  code: 'unknown_device';
  message: string;
}

export type UplinkBatch =
  | { ok: true; platform: Platform; batch: IngestBatch }
  /** `issues`: per-message refusals (unknown devices, 422); without them `message` says why the body is malformed (400). */
  | { ok: false; message: string; issues?: UplinkIssue[] };

/** The normalised EUIs of a platform body (to resolve them), or null when the body is no known uplink format. */
export function uplinkEuis(body: unknown): string[] | null {
  const found = recognise(body);
  if (!found) return null;
  return found.uplinks.flatMap((u) => (typeof u.eui === 'string' && normaliseEui(u.eui) ? [normaliseEui(u.eui)!] : []));
}

/**
 * The readings of one platform message (or an array of them): null when the body is no known uplink format.
 * `field` names the decoded field of devices without a mapping; `nowIso` stands in for a message without a time
 * (the receive time). With `devices` (the organisation's mapping, lib/sensors/devices.ts), an EUI that resolves to
 * no sensor is refused; without it every EUI is taken as the sensor id (the pure reading of the formats).
 */
export function uplinkBatch(body: unknown, field: string | undefined, nowIso: string, devices?: ReadonlyMap<string, ResolvedDevice>): UplinkBatch | null {
  const found = recognise(body);
  if (!found) return null;
  const readings: IngestBatch['readings'] = [];
  const issues: UplinkIssue[] = [];
  const kinds = new Map<string, string>();
  for (const [i, u] of found.uplinks.entries()) {
    const eui = typeof u.eui === 'string' ? normaliseEui(u.eui) : null;
    if (!eui) return { ok: false, message: `message ${i}: no device EUI (16 hex digits)` };
    if (!isObject(u.decoded)) return { ok: false, message: `message ${i}: no decoded payload (configure the device profile's codec / payload decoder)` };
    const device: ResolvedDevice | undefined = devices ? devices.get(eui) : { via: 'sensor_id', sensor: eui };
    if (!device) {
      issues.push({ index: i, field: 'devEui', value: eui, code: 'unknown_device', message: `message ${i}: device ${eui} is not mapped to a sensor (map it on the sensors page) and no sensor has it as its id; nothing stored` });
      continue;
    }
    const decoded = u.decoded;
    let value: unknown;
    if (device.via === 'mapping') {
      value = readingAtPath(u.roots, device.fieldPath);
      if (value === undefined) {
        return { ok: false, message: `message ${i}: device ${eui} (type "${device.deviceType}") has no numeric field "${device.fieldPath}" (decoded fields: ${Object.keys(decoded).join(', ')}); change the device type's field on the sensors page` };
      }
      kinds.set(device.valueKind, device.deviceType);
    } else {
      const key = field ?? DECODED_FIELDS.find((k) => k in decoded);
      value = key === undefined ? undefined : decoded[key];
      if (typeof value !== 'number' && typeof value !== 'boolean') {
        return { ok: false, message: `message ${i}: no numeric field ${field ? `"${field}"` : `(${DECODED_FIELDS.join(', ')})`} in the decoded payload (fields: ${Object.keys(decoded).join(', ')}); choose one with ?field= or map the device on the sensors page` };
      }
    }
    const ts = typeof u.time === 'string' && u.time.length >= 10 ? u.time : typeof u.time === 'number' ? new Date(u.time > 1e12 ? u.time : u.time * 1000).toISOString() : nowIso;
    readings.push({ sensor: device.sensor, ts: ts.slice(0, 40), value: value as number | boolean });
  }
  if (issues.length > 0) return { ok: false, message: `${issues.length} message(s) from devices that are not mapped to a sensor`, issues };
  // One batch has one value kind: a count device type and a presence one are sent separately.
  if (kinds.size > 1) return { ok: false, message: `the messages mix device types that count people and that report occupancy (${[...kinds.values()].join(', ')}); send them separately` };
  const valueKind = [...kinds.keys()][0] as IngestBatch['valueKind'];
  return { ok: true, platform: found.platform, batch: valueKind ? { valueKind, readings } : { readings } };
}
