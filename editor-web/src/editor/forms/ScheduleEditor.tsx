import { DAYS } from '../../rules/fieldBinders';
import { asList, asObject, replaceAt, TextInput } from './inputs';

type Range = { start?: string; end?: string };

/**
 * A time of day as the language writes it (HH:MM, 24-hour). Start and end share it: a browser's
 * own time picker follows the system's 12-hour clock and cuts its AM/PM off in a narrow row, so
 * 13:00 read as "01:00" beside a 24-hour end.
 */
function TimeInput({ value, onChange, title, testId }: { value: string | undefined; onChange: (v: string) => void; title: string; testId: string }) {
  return <input type="text" className="time" inputMode="numeric" maxLength={5} value={value ?? ''} placeholder="HH:MM" title={title} aria-label={title} data-testid={testId} onChange={(e) => onChange(e.target.value)} />;
}

function RangesEditor({ value, onChange, testId }: { value: unknown; onChange: (v: Range[]) => void; testId: string }) {
  const ranges = asList(value) as Range[];
  return (
    <div className="ranges" data-testid={testId}>
      {ranges.map((r, i) => (
        <span key={i} className="range">
          <TimeInput value={r.start} title="Start, 24-hour" testId={`${testId}-${i}-start`} onChange={(start) => onChange(replaceAt(ranges, i, { ...r, start }))} />
          –
          <TimeInput
            value={r.end}
            title="End, 24-hour; at or before the start crosses midnight; 24:00 allowed"
            testId={`${testId}-${i}-end`}
            onChange={(end) => onChange(replaceAt(ranges, i, { ...r, end }))}
          />
          <button type="button" className="small" title="Remove range" onClick={() => onChange(replaceAt(ranges, i, undefined))}>
            ×
          </button>
        </span>
      ))}
      <button type="button" className="small" data-testid={`${testId}-add`} onClick={() => onChange([...ranges, { start: '09:00', end: '17:00' }])}>
        + range
      </button>
    </div>
  );
}

/** Open ranges for each day of the week, several per day. */
export function ScheduleEditor({ value, onChange }: { value: unknown; onChange: (v: unknown) => void }) {
  const s = asObject(value);
  const setDay = (day: string, ranges: Range[]) => {
    const next = { ...s, [day]: ranges };
    if (ranges.length === 0) delete next[day];
    onChange(next);
  };
  return (
    <div className="schedule" data-testid="field-schedule">
      {DAYS.map((d) => (
        <div key={d} className="day">
          <span className="day-name">{d.slice(0, 3)}</span>
          <RangesEditor value={s[d]} onChange={(r) => setDay(d, r)} testId={`schedule-${d}`} />
        </div>
      ))}
    </div>
  );
}

type Holiday = { date?: string; name?: string; ranges?: Range[] };

/** Holidays: closed all day, or open only in their ranges. */
export function HolidaysEditor({ value, onChange }: { value: unknown; onChange: (v: unknown) => void }) {
  const list = asList(value) as Holiday[];
  const set = (next: Holiday[]) => onChange(next.length ? next : undefined);
  return (
    <div className="holidays" data-testid="field-holidays">
      {list.map((h, i) => (
        <div key={i} className="holiday">
          <input type="date" value={h.date ?? ''} onChange={(e) => set(replaceAt(list, i, { ...h, date: e.target.value }))} />
          <TextInput value={h.name} placeholder="name" onChange={(v) => set(replaceAt(list, i, { ...h, name: v }))} />
          <RangesEditor
            value={h.ranges}
            testId={`holiday-${i}`}
            onChange={(r) => set(replaceAt(list, i, { ...h, ranges: r.length ? r : undefined }))}
          />
          <button type="button" className="small" onClick={() => set(replaceAt(list, i, undefined))}>
            remove
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => set([...list, { date: new Date().toISOString().slice(0, 10), name: '' }])}>
        + holiday
      </button>
    </div>
  );
}
