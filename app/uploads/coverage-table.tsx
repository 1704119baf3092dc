import { getTimeZone, getTranslations } from 'next-intl/server';
import { formatDateTime, formatNumber } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import type { BuildingCoverage } from '@/lib/occupancy/building-coverage';

// "Your buildings": how well each assigned building's sensors have reported lately. Re-rendered after an import
// (the wizard refreshes the page), so the figures follow the file just uploaded.
export async function CoverageTable({ rows, locale }: { rows: BuildingCoverage[]; locale: Locale }) {
  const [t, timeZone] = await Promise.all([getTranslations('uploads.coverage'), getTimeZone()]);
  const n = (v: number) => formatNumber(v, locale);
  return (
    <section className="upload-section" aria-labelledby="coverage-title">
      <h2 id="coverage-title">{t('title')}</h2>
      {rows.length === 0 ? (
        <p className="empty-state">{t('none')}</p>
      ) : (
        <>
          <p className="muted">{t('explain')}</p>
          <div className="table-scroll">
            <table className="data-table" data-testid="coverage-table">
              <thead>
                <tr>
                  <th scope="col">{t('building')}</th>
                  <th scope="col" className="num">{t('sensors')}</th>
                  <th scope="col">{t('sensorIds')}</th>
                  <th scope="col" className="num">{t('days30')}</th>
                  <th scope="col" className="num">{t('days90')}</th>
                  <th scope="col">{t('lastReading')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.buildingId} data-building={r.name}>
                    <th scope="row">{r.name}<div className="muted">{r.registryId}</div></th>
                    <td className="num">{n(r.sensors)}</td>
                    <td data-figure="sensor-ids" className="sensor-ids">{r.sensorIds.length ? r.sensorIds.map((id) => <code key={id}>{id}</code>) : <span className="muted">–</span>}</td>
                    <td className="num" data-figure="days30">{t('daysOf', { days: n(r.daysWithReadings30), of: n(30) })}</td>
                    <td className="num" data-figure="days90">{t('daysOf', { days: n(r.daysWithReadings90), of: n(90) })}</td>
                    <td>{r.lastReadingAt ? formatDateTime(r.lastReadingAt, locale, timeZone) : <span className="muted">{r.sensors === 0 ? t('noSensors') : t('noReadings')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
