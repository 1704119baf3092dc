import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { requirePageAuth } from '@/lib/auth/current';
import { SENSOR_MANAGERS } from '@/lib/auth/roles';
import { getPool } from '@/lib/db/pool';
import { DEVICE_VALUE_KINDS, listDeviceTypes } from '@/lib/sensors/device-types';
import { listSensors } from '@/lib/sensors/devices';
import { ConfirmSubmit } from '../../_components/confirm-submit';
import { createDeviceTypeAction, deleteDeviceTypeAction, removeSensorDeviceAction, setSensorDeviceAction, updateDeviceTypeAction } from './actions';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const RESULTS = ['mapped', 'unmapped', 'type_created', 'type_saved', 'type_deleted', 'invalid', 'invalid_eui', 'duplicate_eui', 'unknown_sensor', 'unknown_device_type', 'invalid_type', 'duplicate_name', 'in_use', 'not_found'] as const;
const GOOD = new Set(['mapped', 'unmapped', 'type_created', 'type_saved', 'type_deleted']);

/** The organisation's sensors with their platform device (EUI and device type), and the device types. */
export default async function SensorsPage({ searchParams }: { searchParams: SearchParams }) {
  const auth = await requirePageAuth(SENSOR_MANAGERS, '/admin/sensors');
  const [t, locale, sp] = await Promise.all([getTranslations('admin.sensors'), getLocale(), searchParams]);
  const pool = getPool();
  const [sensors, types] = await Promise.all([listSensors(pool, auth.organisation.id), listDeviceTypes(pool, auth.organisation.id)]);
  const result = RESULTS.find((r) => r === sp.result);
  const param = (name: string) => (typeof sp[name] === 'string' ? (sp[name] as string) : '');
  const date = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: await getTimeZone() });
  const number = new Intl.NumberFormat(locale === 'da' ? 'da-DK' : 'en-GB');
  const mapped = sensors.filter((s) => s.devEui).length;
  return (
    <div className="page sensors-page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {result && (
        <p role={GOOD.has(result) ? 'status' : 'alert'} className={GOOD.has(result) ? undefined : 'notice'} data-testid="sensors-result">
          {t(`result.${result}`, { eui: param('eui'), sensor: param('sensor') })}
        </p>
      )}

      <section aria-labelledby="device-types">
        <h2 id="device-types">{t('types.title')}</h2>
        <p className="hint">{t('types.lead')}</p>
        <table className="data-table stack-table">
          <thead><tr><th scope="col">{t('types.name')}</th><th scope="col">{t('types.field')}</th><th scope="col">{t('types.kind')}</th><th scope="col" className="num">{t('types.devices')}</th><th scope="col">{t('actions')}</th></tr></thead>
          <tbody>
            {types.length === 0 && <tr><td colSpan={5}>{t('types.none')}</td></tr>}
            {types.map((d) => {
              const form = `type-${d.id}`;
              return (
                <tr key={d.id}>
                  <td data-label={t('types.name')}><input form={form} name="name" defaultValue={d.name} required maxLength={100} aria-label={t('types.nameOf', { name: d.name })} /></td>
                  <td data-label={t('types.field')}><input form={form} name="fieldPath" defaultValue={d.fieldPath} required maxLength={200} spellCheck={false} aria-label={t('types.fieldOf', { name: d.name })} /></td>
                  <td data-label={t('types.kind')}>
                    <select form={form} name="valueKind" defaultValue={d.valueKind} aria-label={t('types.kindOf', { name: d.name })}>
                      {DEVICE_VALUE_KINDS.map((k) => <option key={k} value={k}>{t(`kinds.${k}`)}</option>)}
                    </select>
                  </td>
                  <td data-label={t('types.devices')} className="num">{number.format(d.devices)}</td>
                  <td data-label={t('actions')}>
                    <div className="row-actions">
                      <form id={form} action={updateDeviceTypeAction}>
                        <input type="hidden" name="deviceTypeId" value={d.id} />
                        <button type="submit" className="button">{t('save')}</button>
                      </form>
                      {d.devices === 0 && (
                        <form action={deleteDeviceTypeAction}>
                          <input type="hidden" name="deviceTypeId" value={d.id} />
                          <ConfirmSubmit label={t('types.delete')} question={t('types.deleteQuestion', { name: d.name })} />
                        </form>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <form action={createDeviceTypeAction} className="inline-form" aria-labelledby="new-type">
          <h3 id="new-type">{t('types.new')}</h3>
          <label>{t('types.name')}<input name="name" required maxLength={100} placeholder={t('types.namePlaceholder')} /></label>
          <label>{t('types.field')}<input name="fieldPath" required maxLength={200} spellCheck={false} placeholder="object.people_count" aria-describedby="field-hint" /></label>
          <label>{t('types.kind')}
            <select name="valueKind" defaultValue="count">
              {DEVICE_VALUE_KINDS.map((k) => <option key={k} value={k}>{t(`kinds.${k}`)}</option>)}
            </select>
          </label>
          <button type="submit" className="button button--primary">{t('types.create')}</button>
          <p id="field-hint" className="hint">{t('types.fieldHint')}</p>
        </form>
      </section>

      <section aria-labelledby="sensor-list">
        <h2 id="sensor-list">{t('list.title')}</h2>
        <p className="hint">{t('list.lead', { sensors: number.format(sensors.length), mapped: number.format(mapped) })}</p>
        {types.length === 0 && sensors.length > 0 && <p className="notice">{t('list.needType')}</p>}
        <table className="data-table stack-table" data-testid="sensor-table">
          <thead>
            <tr><th scope="col">{t('list.sensor')}</th><th scope="col">{t('list.building')}</th><th scope="col">{t('list.room')}</th><th scope="col" className="num">{t('list.capacity')}</th><th scope="col">{t('list.lastReading')}</th><th scope="col">{t('list.device')}</th></tr>
          </thead>
          <tbody>
            {sensors.length === 0 && <tr><td colSpan={6}>{t('list.none')}</td></tr>}
            {sensors.map((s) => (
              <tr key={s.id} data-sensor={s.externalId}>
                <th scope="row" data-label={t('list.sensor')}>{s.externalId}</th>
                <td data-label={t('list.building')}>{s.building}</td>
                <td data-label={t('list.room')}>{s.room ?? '–'}</td>
                <td data-label={t('list.capacity')} className="num">{s.capacity === null ? '–' : number.format(s.capacity)}</td>
                <td data-label={t('list.lastReading')}>{s.lastReadingAt ? date.format(s.lastReadingAt) : t('list.never')}</td>
                <td data-label={t('list.device')}>
                  <div className="row-actions">
                    <form action={setSensorDeviceAction} className="row-actions">
                      <input type="hidden" name="sensorId" value={s.id} />
                      <input name="devEui" defaultValue={s.devEui ?? ''} required maxLength={100} spellCheck={false} size={18} placeholder="a81758fffe05285c" aria-label={t('list.euiOf', { sensor: s.externalId })} />
                      <select name="deviceTypeId" defaultValue={s.deviceTypeId ?? types[0]?.id ?? ''} required aria-label={t('list.typeOf', { sensor: s.externalId })}>
                        {types.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
                      </select>
                      <button type="submit" className="button" disabled={types.length === 0}>{s.devEui ? t('save') : t('list.map')}</button>
                    </form>
                    {s.devEui && (
                      <form action={removeSensorDeviceAction}>
                        <input type="hidden" name="sensorId" value={s.id} />
                        <ConfirmSubmit label={t('list.unmap')} question={t('list.unmapQuestion', { sensor: s.externalId, eui: s.devEui })} />
                      </form>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
