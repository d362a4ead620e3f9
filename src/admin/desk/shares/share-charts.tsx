import { scaleBand, scaleLinear, scaleUtc } from "d3-scale";
import { line, type SymbolType, symbol, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolTriangle, symbolWye } from "d3-shape";
import { formatDay, formatDayRange, type ShareReport } from "./share-report";

/**
 * The shares pages' charts, drawn on the server as inline SVG (no script: the desk works
 * without JavaScript and its CSP allows none). d3-scale gives the scales and their ticks,
 * d3-shape the paths; colours come from the stylesheet's `series-N` classes through
 * currentColor, so light and dark mode each get colours with enough contrast, and each series
 * is also told apart by its dash pattern and marker shape, never by colour alone.
 */

/** One line of the per-day chart. */
export interface ChartSeries {
  label: string;
  values: number[];
  total: number;
}

/** Lines beyond this many are unreadable; the rest are summed into one "N other networks" line. */
export const MAX_DAILY_SERIES = 6;

/** How each line looks besides its colour: the legend repeats the same swatch. */
const SERIES_LOOKS: { dash?: string; marker: SymbolType }[] = [
  { marker: symbolCircle },
  { dash: "8 4", marker: symbolSquare },
  { dash: "2 3", marker: symbolTriangle },
  { dash: "10 3 2 3", marker: symbolDiamond },
  { dash: "5 5", marker: symbolCross },
  { dash: "1 6", marker: symbolWye },
];

const MARKER_AREA = 40;
/** Past a month a marker on every day hides the lines: then one a week (and the last day). */
const MARKERS_DAILY_UP_TO = 31;
const MARKER_EVERY_LONG = 7;
const FONT_SIZE = 12;
const COUNT_TICKS = 5;
/** Room for one "30 Nov" label: d3 then picks days, weeks or months to suit the window. */
const DAY_TICK_SPACING = 90;

const DAILY = { width: 760, height: 300, top: 12, right: 200, bottom: 36, left: 44 };
const BARS = { width: 760, row: 28, top: 8, right: 56, bottom: 36, left: 140 };

const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);
const isoOf = (date: Date) => date.toISOString().slice(0, 10);

/** A count axis: niced to as many ticks as it shows, whole numbers only (never 0.5 shares). */
function countAxis(highest: number, range: [number, number]) {
  const top = Math.max(1, highest);
  const count = Math.min(COUNT_TICKS, top);
  const scale = scaleLinear().domain([0, top]).nice(count).range(range);
  return { scale, ticks: scale.ticks(count).filter(Number.isInteger) };
}

/** The per-day chart's lines: the most shared networks, then the rest summed, so it stays readable. */
export function dailySeries(report: ShareReport, max = MAX_DAILY_SERIES): ChartSeries[] {
  const own = report.networks.length <= max ? report.networks : report.networks.slice(0, max - 1);
  const series = own.map((network) => ({ label: network.label, values: network.perDay, total: network.total }));
  const rest = report.networks.slice(own.length);
  if (rest.length > 0) {
    const values = report.window.dates.map((_, index) => rest.reduce((sum, network) => sum + (network.perDay[index] ?? 0), 0));
    series.push({ label: `${rest.length} other networks`, values, total: rest.reduce((sum, network) => sum + network.total, 0) });
  }
  return series;
}

/** "42 total, most on 12 Nov (9)": what the per-day chart shows, for its <desc>. */
export function dailySummary(report: ShareReport): string {
  const range = formatDayRange(report.window.from, report.window.to);
  if (report.total === 0) return `Shares per day, ${range}: none.`;
  const most = Math.max(...report.dayTotals);
  const mostDay = report.window.dates[report.dayTotals.indexOf(most)] ?? report.window.to;
  const byNetwork = report.networks.map((network) => `${network.label} ${network.total}`).join(", ");
  return `Shares per day, ${range}: ${report.total} total, most on ${formatDay(mostDay)} (${most}). By network: ${byNetwork}.`;
}

/** "Facebook 20, X 12 (32 total)": what the per-network chart shows, for its <desc>. */
export function networkSummary(report: ShareReport): string {
  const range = formatDayRange(report.window.from, report.window.to);
  if (report.total === 0) return `Shares per network, ${range}: none.`;
  const byNetwork = report.networks.map((network) => `${network.label} ${network.total}`).join(", ");
  return `Shares per network, ${range}: ${byNetwork} (${report.total} total).`;
}

/** A marker of one series' shape, centred on (x, y). */
function Marker({ look, x, y }: { look: (typeof SERIES_LOOKS)[number]; x: number; y: number }) {
  return <path class="marker" d={symbol(look.marker, MARKER_AREA)() ?? ""} transform={`translate(${x.toFixed(2)},${y.toFixed(2)})`} />;
}

/** Shares per day, one line per network (see dailySeries), with a legend of the lines' swatches. */
export function DailySharesChart({ id, report }: { id: string; report: ShareReport }) {
  const { dates } = report.window;
  const series = dailySeries(report);
  const plotWidth = DAILY.width - DAILY.left - DAILY.right;
  const plotHeight = DAILY.height - DAILY.top - DAILY.bottom;
  const x = scaleUtc()
    .domain([dayDate(dates[0] ?? report.window.from), dayDate(dates[dates.length - 1] ?? report.window.to)])
    .range([0, plotWidth]);
  const { scale: y, ticks: yTicks } = countAxis(Math.max(...series.flatMap((one) => one.values)), [plotHeight, 0]);
  const xAt = (index: number) => x(dayDate(dates[index] ?? report.window.to));
  const path = line<number>()
    .x((_, index) => xAt(index))
    .y((value) => y(value))
    .digits(2);
  const xTicks = x.ticks(Math.min(dates.length - 1, Math.floor(plotWidth / DAY_TICK_SPACING)));
  const every = dates.length <= MARKERS_DAILY_UP_TO ? 1 : MARKER_EVERY_LONG;
  const markedDay = (day: number) => (dates.length - 1 - day) % every === 0;
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${DAILY.width} ${DAILY.height}`}
      width={DAILY.width}
      height={DAILY.height}
      font-size={FONT_SIZE}
    >
      <title id={`${id}-title`}>{`Shares per day, ${formatDayRange(report.window.from, report.window.to)}`}</title>
      <desc id={`${id}-desc`}>{dailySummary(report)}</desc>
      <g transform={`translate(${DAILY.left},${DAILY.top})`}>
        <g class="axis y-axis">
          {yTicks.map((tick) => (
            <g transform={`translate(0,${y(tick).toFixed(2)})`}>
              <line class="grid" x1={0} x2={plotWidth} />
              <text x={-8} dy="0.32em" text-anchor="end">
                {tick}
              </text>
            </g>
          ))}
        </g>
        <g class="axis x-axis" transform={`translate(0,${plotHeight})`}>
          <line class="domain" x1={0} x2={plotWidth} />
          {xTicks.map((tick) => (
            <g transform={`translate(${x(tick).toFixed(2)},0)`}>
              <line class="tick" y2={6} />
              <text y={20} text-anchor="middle">
                {formatDay(isoOf(tick))}
              </text>
            </g>
          ))}
        </g>
        {series.map((one, index) => {
          const look = SERIES_LOOKS[index % SERIES_LOOKS.length] ?? { marker: symbolCircle };
          return (
            <g class={`series series-${index}`} data-series={one.label}>
              <path class="line" d={path(one.values) ?? ""} fill="none" stroke-width={2} stroke-dasharray={look.dash} />
              {one.values.map((value, day) => (markedDay(day) ? <Marker look={look} x={xAt(day)} y={y(value)} /> : null))}
            </g>
          );
        })}
      </g>
      <g class="legend" transform={`translate(${DAILY.width - DAILY.right + 24},${DAILY.top + 8})`}>
        {series.map((one, index) => {
          const look = SERIES_LOOKS[index % SERIES_LOOKS.length] ?? { marker: symbolCircle };
          return (
            <g transform={`translate(0,${index * 24})`}>
              <g class={`series series-${index}`}>
                <line class="line" x1={0} x2={36} stroke-width={2} stroke-dasharray={look.dash} />
                <Marker look={look} x={18} y={0} />
              </g>
              <text x={44} dy="0.32em">
                {`${one.label} (${one.total})`}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}

/** Each network's total in the window, as horizontal bars with the number at each bar's end. */
export function NetworkTotalsChart({ id, report }: { id: string; report: ShareReport }) {
  const ids = report.networks.map((network) => network.id);
  const plotWidth = BARS.width - BARS.left - BARS.right;
  const plotHeight = Math.max(1, ids.length) * BARS.row;
  const height = BARS.top + plotHeight + BARS.bottom;
  const band = scaleBand<string>().domain(ids).range([0, plotHeight]).padding(0.25);
  const { scale: x, ticks: xTicks } = countAxis(Math.max(...report.networks.map((network) => network.total)), [0, plotWidth]);
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${BARS.width} ${height}`}
      width={BARS.width}
      height={height}
      font-size={FONT_SIZE}
    >
      <title id={`${id}-title`}>{`Shares per network, ${formatDayRange(report.window.from, report.window.to)}`}</title>
      <desc id={`${id}-desc`}>{networkSummary(report)}</desc>
      <g transform={`translate(${BARS.left},${BARS.top})`}>
        <g class="axis x-axis" transform={`translate(0,${plotHeight})`}>
          <line class="domain" x1={0} x2={plotWidth} />
          {xTicks.map((tick) => (
            <g transform={`translate(${x(tick).toFixed(2)},0)`}>
              <line class="grid" y1={-plotHeight} y2={0} />
              <line class="tick" y2={6} />
              <text y={20} text-anchor="middle">
                {tick}
              </text>
            </g>
          ))}
        </g>
        {report.networks.map((network) => {
          const top = band(network.id) ?? 0;
          const middle = top + band.bandwidth() / 2;
          return (
            <g class="bar-row" data-network={network.id}>
              <text x={-8} y={middle.toFixed(2)} dy="0.32em" text-anchor="end">
                {network.label}
              </text>
              <rect class="bar" x={0} y={top.toFixed(2)} width={x(network.total).toFixed(2)} height={band.bandwidth().toFixed(2)} />
              <text class="value" x={(x(network.total) + 6).toFixed(2)} y={middle.toFixed(2)} dy="0.32em">
                {network.total}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
