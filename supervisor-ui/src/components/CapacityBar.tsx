/** Calls held against the maximum, as `current / max` and a bar. */

/** `label` names the bar for screen readers (e.g. the agent's name). */
export function CapacityBar({ current, max, label }: { current: number; max: number; label: string }) {
  const share = max > 0 ? Math.min(1, current / max) : 0;
  return (
    <span className="capacity">
      <span className="capacity-text">
        {current} / {max}
      </span>
      <span className={`capacity-bar${current >= max ? " full" : ""}`} role="meter" aria-label={`${label}: ${current} of ${max} calls`} aria-valuemin={0} aria-valuemax={max} aria-valuenow={current}>
        <span className="capacity-fill" style={{ width: `${share * 100}%` }} />
      </span>
    </span>
  );
}
