import { describe, expect, it } from 'vitest';
import { uplinkBatch } from '@/lib/imports/platform-uplinks';
import type { ResolvedDevice } from '@/lib/sensors/devices';
import { isFieldPath, readingAtPath } from '@/lib/sensors/field-path';

const NOW = '2026-03-02T08:00:00Z';

describe("a device type's field path", () => {
  it('accepts dotted names and list indexes, nothing else', () => {
    for (const p of ['count', 'object.people_count', 'decoded_payload.occupancy', 'object.zones.0.count', 'uplink_message.decoded_payload.$v']) expect(isFieldPath(p), p).toBe(true);
    for (const p of ['', '.count', 'object.', 'object..count', '0.count', 'object[0]', 'a b', 'x'.repeat(201)]) expect(isFieldPath(p), p).toBe(false);
  });

  it('reads from the message first, then from where the platform nests the decoded payload', () => {
    const message = { object: { people_count: 7, zones: [{ n: 1 }, { n: 2 }] }, fCnt: 4 };
    expect(readingAtPath([message, message.object], 'object.people_count')).toBe(7);
    expect(readingAtPath([message, message.object], 'people_count')).toBe(7);
    expect(readingAtPath([message, message.object], 'object.zones.1.n')).toBe(2);
    expect(readingAtPath([message, message.object], 'object.zones')).toBeUndefined(); // not a number
    expect(readingAtPath([message, message.object], 'object.constructor')).toBeUndefined(); // own fields only
  });
});

describe('uplinks resolved through the mapping', () => {
  const devices = new Map<string, ResolvedDevice>([
    ['a81758fffe05285c', { via: 'mapping', sensor: 'S-COUNT', fieldPath: 'decoded_payload.people_count', valueKind: 'count', deviceType: 'Counter' }],
    ['a81758fffe05285d', { via: 'mapping', sensor: 'S-PIR', fieldPath: 'occupancy', valueKind: 'presence', deviceType: 'PIR' }],
    ['a81758fffe05285e', { via: 'sensor_id', sensor: 'a81758fffe05285e' }],
  ]);
  const tts = (eui: string, decoded: object) => ({ end_device_ids: { dev_eui: eui }, uplink_message: { received_at: '2026-03-02T07:30:00Z', decoded_payload: decoded } });

  it("maps the EUI to its sensor, reads the type's field, and sets the batch's value kind", () => {
    expect(uplinkBatch(tts('A8-17-58-FF-FE-05-28-5C', { people_count: 12 }), undefined, NOW, devices)).toEqual({
      ok: true, platform: 'tts', batch: { valueKind: 'count', readings: [{ sensor: 'S-COUNT', ts: '2026-03-02T07:30:00Z', value: 12 }] },
    });
    expect(uplinkBatch(tts('a81758fffe05285d', { occupancy: true }), undefined, NOW, devices)).toMatchObject({ ok: true, batch: { valueKind: 'presence' } });
  });

  it('falls back to the sensor whose id is the EUI and its ?field=; refuses unknown EUIs per message and mixed kinds', () => {
    expect(uplinkBatch(tts('a81758fffe05285e', { people: 3, n: 5 }), 'n', NOW, devices)).toMatchObject({ ok: true, batch: { readings: [{ sensor: 'a81758fffe05285e', value: 5 }] } });
    const unknown = uplinkBatch([tts('a81758fffe05285c', { people_count: 1 }), tts('0000000000000001', { people_count: 1 })], undefined, NOW, devices);
    expect(unknown).toMatchObject({ ok: false, issues: [{ index: 1, code: 'unknown_device', value: '0000000000000001' }] });
    const mixed = uplinkBatch([tts('a81758fffe05285c', { people_count: 1 }), tts('a81758fffe05285d', { occupancy: 0 })], undefined, NOW, devices);
    expect(mixed).toMatchObject({ ok: false, message: expect.stringContaining('send them separately') });
    expect(mixed).not.toHaveProperty('issues');
  });
});
