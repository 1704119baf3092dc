import { getTimeZone, getTranslations } from 'next-intl/server';
import { formatDateTime, formatNumber } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import type { RecentImport } from '@/lib/uploads/recent-imports';

// The last confirmed uploads, with an empty state that says what to do first.
export async function RecentImports({ rows, locale }: { rows: RecentImport[]; locale: Locale }) {
  const [t, ti, timeZone] = await Promise.all([getTranslations('uploads.recent'), getTranslations('imports'), getTimeZone()]);
  return (
    <section className="upload-section" aria-labelledby="recent-title">
      <h2 id="recent-title">{t('title')}</h2>
      {rows.length === 0 ? (
        <p className="empty-state" data-testid="recent-empty">{t('empty')} <a href="#templates">{t('emptyNext')}</a></p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="recent-table">
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('file')}</th>
                <th scope="col">{t('kind')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col" className="num">{t('accepted')}</th>
                <th scope="col" className="num">{t('rejected')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.startedAt, locale, timeZone)}</td>
                  <td>{r.fileName ?? t(`sources.${r.source === 'api' ? 'api' : 'cli'}`)}</td>
                  <td>{ti.has(`kinds.${r.kind}`) ? ti(`kinds.${r.kind}`) : r.kind}</td>
                  <td data-valid-rows-only={r.validRowsOnly || undefined}>
                    {t(`statuses.${r.status}`)}
                    {r.validRowsOnly && <> — {t('validRowsOnly')} <a href={`/api/imports/jobs/${r.id}/errors?lang=${locale}`} download>{t('rejectedFile')}</a></>}
                  </td>
                  <td className="num">{formatNumber(r.accepted, locale)}</td>
                  <td className="num">{formatNumber(r.rejected, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
