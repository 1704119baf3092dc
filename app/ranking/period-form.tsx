import type { Period } from '@/lib/scoring/opening-hours';
import { periodParam } from '@/lib/scoring/scored-period';

interface Labels {
  period: string;
  latest: (p: Period) => string;
  show: string;
}

// Which scored period the ranking shows: a plain GET form (works without JavaScript), latest first.
export function PeriodForm({ periods, shown, labels }: { periods: Period[]; shown: Period; labels: Labels }) {
  if (periods.length < 2) return null;
  return (
    <form method="get" data-testid="period-form" style={{ display: 'flex', gap: '.5rem', alignItems: 'end', marginBottom: '1rem' }}>
      <label style={{ display: 'grid' }}>{labels.period}
        <select name="period" defaultValue={periodParam(shown)} data-testid="period-select">
          {periods.map((p, i) => (
            <option key={periodParam(p)} value={periodParam(p)}>{i === 0 ? labels.latest(p) : `${p.from} – ${p.to}`}</option>
          ))}
        </select>
      </label>
      <button type="submit">{labels.show}</button>
    </form>
  );
}
