import { getTranslations } from 'next-intl/server';
import { requirePageAuth } from '@/lib/auth/current';
import { rolesWith } from '@/lib/auth/roles';
import { getPool } from '@/lib/db/pool';
import { danishTime } from '@/lib/audit/list';
import { queueSchema } from '@/lib/jobs/boss';
import { systemStatus } from '@/lib/ops/system-status';

export const dynamic = 'force-dynamic';

/** Operations status (administrators): workers, queues, failed and dead-lettered jobs, scheduled upkeep's last runs. */
export default async function StatusPage() {
  const auth = await requirePageAuth(rolesWith('users:manage'), '/admin/status');
  const t = await getTranslations('admin.status');
  const s = await systemStatus(getPool(), queueSchema(), auth.organisation.id);
  const time = (d: Date | null) => (d ? danishTime(d) : '–');
  const detail = (d: Record<string, unknown>) => Object.entries(d).filter(([, v]) => typeof v !== 'object' || v === null).map(([k, v]) => `${k}: ${v}`).join(' · ');

  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>

      <h2>{t('workers')}</h2>
      <p className={s.workers.workers > 0 ? 'notice notice--ok' : 'notice notice--error'} data-testid="worker-status">
        {s.workers.workers > 0 ? t('workersAlive', { count: s.workers.workers }) : t('workersNone')}
        {s.workers.newestBeatSecondsAgo !== null && <> {t('lastBeat', { seconds: Math.round(s.workers.newestBeatSecondsAgo) })}</>}
      </p>

      <h2>{t('queues')}</h2>
      <div className="table-scroll">
        <table className="data-table" data-testid="queue-table">
          <caption className="sr-only">{t('queuesCaption')}</caption>
          <thead><tr><th scope="col">{t('queue')}</th>{(['created', 'retry', 'active', 'completed', 'failed'] as const).map((k) => <th scope="col" className="num" key={k}>{t(`state.${k}`)}</th>)}</tr></thead>
          <tbody>{s.queues.map((q) => <tr key={q.name}><th scope="row">{q.name}</th><td className="num">{q.created}</td><td className="num">{q.retry}</td><td className="num">{q.active}</td><td className="num">{q.completed}</td><td className="num">{q.failed}</td></tr>)}</tbody>
        </table>
      </div>

      <h2>{t('failed')}</h2>
      {s.failed.length === 0 ? <p className="muted">{t('noFailed')}</p> : (
        <div className="table-scroll">
          <table className="data-table" data-testid="failed-table">
            <caption className="sr-only">{t('failedCaption')}</caption>
            <thead><tr><th scope="col">{t('queue')}</th><th scope="col">{t('file')}</th><th scope="col" className="num">{t('attempts')}</th><th scope="col">{t('when')}</th><th scope="col">{t('error')}</th></tr></thead>
            <tbody>{s.failed.map((f) => <tr key={f.id}><td>{f.dead ? t('deadLetter', { queue: f.queue }) : f.queue}</td><td>{f.fileName ?? '–'}</td><td className="num">{f.attempts}</td><td>{time(f.failedAt)}</td><td>{f.error ?? '–'}</td></tr>)}</tbody>
          </table>
        </div>
      )}

      <h2>{t('upkeep')}</h2>
      <div className="table-scroll">
        <table className="data-table" data-testid="upkeep-table">
          <caption className="sr-only">{t('upkeepCaption')}</caption>
          <thead><tr><th scope="col">{t('task')}</th><th scope="col">{t('schedule')}</th><th scope="col">{t('lastRun')}</th><th scope="col">{t('outcome')}</th><th scope="col">{t('details')}</th></tr></thead>
          <tbody>{s.upkeep.map((u) => (
            <tr key={u.task}>
              <th scope="row">{t(`tasks.${u.task}`)}</th><td><code>{u.cron}</code></td><td>{time(u.startedAt)}</td>
              <td data-testid={`upkeep-${u.task}`}>{u.outcome ? t(`outcomes.${u.outcome}`) : t('never')}</td><td>{detail(u.detail)}</td>
            </tr>
          ))}</tbody>
        </table>
      </div>
    </div>
  );
}
