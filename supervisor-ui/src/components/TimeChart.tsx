/** A uPlot line chart of one figure over time, sized to its container. */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { timeWindow } from "../state/stats-history.js";

/** The narrowest time axis, in seconds. */
const MIN_SPAN_S = 300;

/**
 * `times` in Unix seconds, `values` aligned with them (`null` leaves a gap); `unit` labels the axis;
 * `target`, when given, is drawn as a dashed grey line at that value.
 */
export function TimeChart({ title, times, values, unit, color, target }: { title: string; times: number[]; values: (number | null)[]; unit: string; color: string; target?: number }) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const chart = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height: 160,
        legend: { show: false },
        scales: {
          // The x range is set with the data (see below): uPlot ranges a single point over years.
          x: { time: true },
          y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max)] },
        },
        axes: [{}, { label: unit, size: 50 }],
        series: [
          {},
          { label: title, stroke: color, width: 2, fill: `${color}22`, spanGaps: false },
          ...(target === undefined ? [] : [{ label: "target", stroke: "#6b7280", width: 1, dash: [6, 4], points: { show: false } }]),
        ],
      },
      target === undefined ? [[], []] : [[], [], []],
      element,
    );
    plot.current = chart;
    // Charts follow the layout: a phone in portrait gets a narrow chart, a wide screen a wide one.
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height: 160 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [title, unit, color, target]);

  useEffect(() => {
    const chart = plot.current;
    if (!chart) return;
    chart.setData(target === undefined ? [times, values] : [times, values, times.map(() => target)]);
    // At least the last five minutes, so one or two early samples do not stretch the axis.
    chart.setScale("x", timeWindow(times, Date.now() / 1000, MIN_SPAN_S));
  }, [times, values, target]);

  return (
    <figure className="chart" data-samples={times.length}>
      <figcaption>{title}</figcaption>
      <div ref={container} role="img" aria-label={`${title} over the last hour; latest ${values[values.length - 1] ?? "unknown"} ${unit}`} />
    </figure>
  );
}
