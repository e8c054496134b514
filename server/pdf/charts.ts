import { contentBox, ensureSpace, type Pdf } from "./document";
import { pdfSafe } from "./encoding";
import { formatInteger } from "./format";
import { drawTextLine, truncateToWidth } from "./measure";
import { colors, fonts, scoreColor, spacing } from "./theme";

/*
 * Vector charts drawn straight into the page: bar, grouped bar, stacked bar, line/trend, horizontal bars and
 * progress bars. Each chart draws inside an explicit box and leaves the cursor alone; `placeChart` reserves the
 * box below the cursor (moving to a new page when it does not fit) and advances past it.
 */

export interface ChartBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartSeries {
  name: string;
  color: string;
  /** null: no value (nothing drawn), unlike 0. */
  values: readonly (number | null)[];
}

export interface LegendItem {
  label: string;
  color: string;
}

export interface CategoryAxisOptions {
  /** One label per category (month, day, …). */
  categories: readonly string[];
  /** Formats value labels (and ticks, without a needless ".0"); integers with thousands separators by default. */
  valueFormat?: (value: number) => string;
  /** Formats the value axis ticks, when they need something other than `valueFormat`. */
  tickFormat?: (value: number) => string;
  /** Fixed top of the value axis (e.g. 100 for percentages); otherwise a "nice" value above the data. */
  max?: number;
  /** Draw the legend above the plot; on by default when there is more than one series. */
  legend?: boolean;
}

const TICK_SIZE = 6.8;
const LABEL_SIZE = 6.8;

/** Reserves `height` points below the cursor (new page if needed), draws the chart there, moves past it. */
export function placeChart(doc: Pdf, height: number, draw: (box: ChartBox) => void): void {
  ensureSpace(doc, height);
  const box = contentBox(doc);
  const top = doc.y;
  draw({ x: box.left, y: top, width: box.width, height });
  // Drawing text moves pdfkit's cursor; the chart's box, not its last label, decides where content continues.
  doc.x = box.left;
  doc.y = top + height + spacing.block;
}

/** Axis bounds and ticks on a 1-2-2.5-5 grid, e.g. 0..137 -> 0, 25, …, 150. */
function niceScale(
  maxValue: number,
  options: { ticks?: number; integer?: boolean } = {},
): {
  max: number;
  step: number;
  ticks: number[];
} {
  const wanted = options.ticks ?? 5;
  const top = maxValue > 0 ? maxValue : 1;
  const raw = top / wanted;
  const exponent = Math.floor(Math.log10(raw));
  const fraction = raw / 10 ** exponent;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  let step = nice * 10 ** exponent;
  if (options.integer) step = Math.max(1, Math.ceil(step));
  const max = Math.ceil(top / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let value = 0; value <= max + step / 2; value += step) ticks.push(Number(value.toFixed(6)));
  return { max, step, ticks };
}

/** Legend items in a row (wrapping); returns the height used. */
function drawLegend(doc: Pdf, items: readonly LegendItem[], x: number, y: number, maxWidth: number): number {
  doc.font(fonts.regular).fontSize(LABEL_SIZE + 0.4);
  let cursorX = x;
  let cursorY = y;
  for (const item of items) {
    const label = pdfSafe(item.label);
    const itemWidth = 11 + doc.widthOfString(label) + 12;
    if (cursorX + itemWidth > x + maxWidth && cursorX > x) {
      cursorX = x;
      cursorY += 11;
    }
    doc.rect(cursorX, cursorY + 1, 7, 7).fill(item.color);
    doc.fillColor(colors.text).text(label, cursorX + 11, cursorY + 0.5, { lineBreak: false });
    cursorX += itemWidth;
  }
  return cursorY - y + 11;
}

interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
  max: number;
  /** Page y of a value. */
  yOf: (value: number) => number;
}

/** `text` on at most two lines of `width` (split between words), or null when it does not fit. */
function wrapInTwo(doc: Pdf, text: string, width: number): string[] | null {
  if (doc.widthOfString(text) <= width) return [text];
  const words = text.split(/\s+/);
  for (let split = 1; split < words.length; split++) {
    const first = words.slice(0, split).join(" ");
    const second = words.slice(split).join(" ");
    if (doc.widthOfString(first) <= width && doc.widthOfString(second) <= width) return [first, second];
  }
  return null;
}

/** Legend, value axis with gridlines, category labels: what every category chart shares. */
function drawCategoryFrame(
  doc: Pdf,
  box: ChartBox,
  options: CategoryAxisOptions,
  legendItems: readonly LegendItem[],
  dataMax: number,
  isInteger: boolean,
  /** Space kept free right of the plot (for reference line labels). */
  rightGutter = 0,
): Plot {
  const format = options.valueFormat ?? formatInteger;
  let top = box.y;
  if (options.legend ?? legendItems.length > 1) {
    top += drawLegend(doc, legendItems, box.x, box.y, box.width) + 8;
  }
  const scale =
    options.max !== undefined
      ? niceScale(options.max, { integer: isInteger })
      : niceScale(dataMax * 1.06, { integer: isInteger });
  const max = options.max ?? scale.max;
  const ticks =
    options.max !== undefined ? scale.ticks.filter((tick) => tick <= options.max! + 1e-9) : scale.ticks;

  doc.font(fonts.regular).fontSize(TICK_SIZE);
  const tickFormat =
    options.tickFormat ??
    ((tick: number) => (Number.isInteger(tick) ? format(tick).replace(/\.0+(?=\D*$)/, "") : format(tick)));
  const tickLabels = ticks.map((tick) => pdfSafe(tickFormat(tick)));
  const axisWidth = Math.max(...tickLabels.map((label) => doc.widthOfString(label))) + 7;
  const left = box.x + axisWidth;
  const right = box.x + box.width - rightGutter;

  // Category labels: one line each if they fit their slot, else two lines, else every n-th label.
  const count = options.categories.length;
  const slot = count > 0 ? (right - left) / count : right - left;
  const labels = options.categories.map((label) => pdfSafe(label));
  const widest = Math.max(0, ...labels.map((label) => doc.widthOfString(label)));
  let labelLines: string[][] = labels.map((label) => [label]);
  let every = 1;
  if (widest + 6 > slot) {
    const wrapped = labels.map((label) => wrapInTwo(doc, label, slot - 3));
    if (wrapped.every((lines) => lines !== null)) labelLines = wrapped as string[][];
    else every = Math.max(1, Math.ceil((widest + 6) / slot));
  }
  const lineCount = Math.max(1, ...labelLines.map((lines) => lines.length));
  const bottom = box.y + box.height - 6 - lineCount * 8;
  const height = bottom - top - 4;
  const yOf = (value: number) => bottom - (Math.max(0, Math.min(value, max)) / max) * height;

  ticks.forEach((tick, index) => {
    const y = yOf(tick);
    if (index > 0) doc.rect(left, y - 0.25, right - left, 0.5).fill(colors.grid);
    doc.fillColor(colors.muted);
    drawTextLine(doc, tickLabels[index] ?? "", box.x, y - 3, { width: axisWidth - 5, align: "right" });
  });
  doc.rect(left, bottom - 0.4, right - left, 0.8).fill(colors.faint);

  doc.fillColor(colors.muted);
  labelLines.forEach((lines, index) => {
    if (index % every !== 0) return;
    const center = left + slot * (index + 0.5);
    lines.forEach((line, lineIndex) => {
      const text = truncateToWidth(doc, line, Math.max(slot * every - 4, 12));
      const textWidth = doc.widthOfString(text);
      const textLeft = Math.min(Math.max(center - textWidth / 2, left - 4), right - textWidth);
      doc.text(text, textLeft, bottom + 4 + lineIndex * 8, { lineBreak: false });
    });
  });
  return { left, right, top, bottom, width: right - left, height, max, yOf };
}

export interface BarChartOptions extends CategoryAxisOptions {
  /** One series: simple bars; several: grouped bars side by side. */
  series: readonly ChartSeries[];
  /** Print each bar's value above it (when there is room). */
  showValues?: boolean;
}

/** Vertical bars; grouped when there is more than one series. */
export function drawBarChart(doc: Pdf, box: ChartBox, options: BarChartOptions): void {
  const values = options.series.flatMap((series) =>
    series.values.filter((value): value is number => value !== null),
  );
  const isInteger = values.every((value) => Number.isInteger(value));
  const plot = drawCategoryFrame(
    doc,
    box,
    options,
    options.series.map((series) => ({ label: series.name, color: series.color })),
    Math.max(0, ...values),
    isInteger,
  );
  const format = options.valueFormat ?? formatInteger;
  const count = options.categories.length;
  if (count === 0) return;
  const slot = plot.width / count;
  const groupWidth = Math.min(slot * 0.72, 26 * options.series.length);
  const barWidth = groupWidth / options.series.length;
  doc.font(fonts.bold).fontSize(LABEL_SIZE);
  for (let index = 0; index < count; index++) {
    const groupLeft = plot.left + slot * index + (slot - groupWidth) / 2;
    options.series.forEach((series, seriesIndex) => {
      const value = series.values[index] ?? null;
      if (value === null) return;
      const x = groupLeft + barWidth * seriesIndex;
      const y = plot.yOf(value);
      if (value > 0) doc.rect(x + 0.4, y, barWidth - 0.8, plot.bottom - y).fill(series.color);
      if (options.showValues) {
        const label = pdfSafe(format(value));
        const labelWidth = doc.widthOfString(label);
        if (labelWidth <= barWidth + 6) {
          doc
            .fillColor(colors.text)
            .text(label, x + (barWidth - labelWidth) / 2, y - 9, { lineBreak: false });
        }
      }
    });
  }
}

export interface StackedBarChartOptions extends CategoryAxisOptions {
  /** Stacked bottom to top in this order. */
  series: readonly ChartSeries[];
  /** Print each bar's total above it (when there is room). */
  showTotals?: boolean;
}

/** Vertical bars with each series stacked on the previous one. */
export function drawStackedBarChart(doc: Pdf, box: ChartBox, options: StackedBarChartOptions): void {
  const count = options.categories.length;
  const totals = Array.from({ length: count }, (_, index) =>
    options.series.reduce((sum, series) => sum + (series.values[index] ?? 0), 0),
  );
  const isInteger = options.series.every((series) =>
    series.values.every((value) => value === null || Number.isInteger(value)),
  );
  const plot = drawCategoryFrame(
    doc,
    box,
    { ...options, legend: options.legend ?? true },
    options.series.map((series) => ({ label: series.name, color: series.color })),
    Math.max(0, ...totals),
    isInteger,
  );
  if (count === 0) return;
  const format = options.valueFormat ?? formatInteger;
  const slot = plot.width / count;
  const barWidth = Math.min(slot * 0.66, 34);
  doc.font(fonts.bold).fontSize(LABEL_SIZE);
  for (let index = 0; index < count; index++) {
    const x = plot.left + slot * index + (slot - barWidth) / 2;
    let base = 0;
    for (const series of options.series) {
      const value = series.values[index] ?? 0;
      if (value <= 0) continue;
      const top = plot.yOf(base + value);
      const bottom = plot.yOf(base);
      doc.rect(x, top, barWidth, bottom - top).fill(series.color);
      // A thin white seam between segments keeps adjacent similar colours apart.
      if (base > 0) doc.rect(x, bottom - 0.3, barWidth, 0.6).fill(colors.white);
      base += value;
    }
    if (options.showTotals) {
      const label = pdfSafe(format(totals[index] ?? 0));
      const labelWidth = doc.widthOfString(label);
      if (labelWidth <= slot - 1) {
        doc.fillColor(colors.text).text(label, x + (barWidth - labelWidth) / 2, plot.yOf(base) - 9, {
          lineBreak: false,
        });
      }
    }
  }
}

export interface LineSeries {
  name: string;
  color: string;
  /** null: no value (the line breaks there). */
  values: readonly (number | null)[];
  /** Shade the area under the line. */
  fill?: boolean;
  dashed?: boolean;
}

function referenceGutter(doc: Pdf, references: readonly { label: string }[]): number {
  if (references.length === 0) return 0;
  doc.font(fonts.bold).fontSize(LABEL_SIZE);
  return Math.max(...references.map((reference) => doc.widthOfString(pdfSafe(reference.label)))) + 8;
}

export interface LineChartOptions extends CategoryAxisOptions {
  series: readonly LineSeries[];
  /** Horizontal reference lines, e.g. a target. */
  references?: readonly { value: number; label: string; color: string }[];
  /** Dots on each point; on by default for up to 16 points. */
  showPoints?: boolean;
  /** Label the last point of each series with its value. */
  labelLast?: boolean;
}

/** A trend: one or more lines over the categories, with optional reference lines. */
export function drawLineChart(doc: Pdf, box: ChartBox, options: LineChartOptions): void {
  const values = options.series.flatMap((series) =>
    series.values.filter((value): value is number => value !== null),
  );
  const references = options.references ?? [];
  const isInteger = values.every((value) => Number.isInteger(value));
  const plot = drawCategoryFrame(
    doc,
    box,
    options,
    options.series.map((series) => ({ label: series.name, color: series.color })),
    Math.max(0, ...values, ...references.map((reference) => reference.value)),
    isInteger,
    referenceGutter(doc, references),
  );
  const count = options.categories.length;
  if (count === 0) return;
  const slot = plot.width / count;
  const xOf = (index: number) => plot.left + slot * (index + 0.5);
  const format = options.valueFormat ?? formatInteger;

  for (const reference of references) {
    const y = plot.yOf(reference.value);
    doc.save();
    doc
      .moveTo(plot.left, y)
      .lineTo(plot.right, y)
      .lineWidth(0.8)
      .dash(3, { space: 2.5 })
      .strokeColor(reference.color);
    doc.stroke();
    doc.restore();
    // Labelled outside the plot, at the right, so no data line can run through the label.
    doc.font(fonts.bold).fontSize(LABEL_SIZE).fillColor(reference.color);
    doc.text(pdfSafe(reference.label), plot.right + 5, y - 3, { lineBreak: false });
  }

  const showPoints = options.showPoints ?? count <= 16;
  for (const series of options.series) {
    // Contiguous runs of values; a null breaks the line.
    const runs: { index: number; value: number }[][] = [];
    let current: { index: number; value: number }[] = [];
    series.values.forEach((value, index) => {
      if (value === null) {
        if (current.length > 0) runs.push(current);
        current = [];
      } else current.push({ index, value });
    });
    if (current.length > 0) runs.push(current);

    for (const run of runs) {
      const first = run[0];
      const last = run[run.length - 1];
      if (!first || !last) continue;
      if (series.fill && run.length > 1) {
        doc.save();
        doc.moveTo(xOf(first.index), plot.bottom);
        for (const point of run) doc.lineTo(xOf(point.index), plot.yOf(point.value));
        doc.lineTo(xOf(last.index), plot.bottom).closePath();
        doc.fillOpacity(0.1).fill(series.color);
        doc.restore();
      }
      doc.save();
      doc.moveTo(xOf(first.index), plot.yOf(first.value));
      for (const point of run.slice(1)) doc.lineTo(xOf(point.index), plot.yOf(point.value));
      doc.lineWidth(1.6).lineJoin("round").lineCap("round").strokeColor(series.color);
      if (series.dashed) doc.dash(4, { space: 3 });
      doc.stroke();
      doc.restore();
      if (showPoints) {
        for (const point of run) {
          doc.circle(xOf(point.index), plot.yOf(point.value), 2.1).fillAndStroke(colors.white, series.color);
        }
      }
    }
    const lastValue = [...series.values].reverse().find((value): value is number => value !== null);
    if (options.labelLast && lastValue !== undefined) {
      const lastIndex = series.values.lastIndexOf(lastValue);
      doc
        .font(fonts.bold)
        .fontSize(LABEL_SIZE + 0.4)
        .fillColor(series.color);
      const label = pdfSafe(format(lastValue));
      const labelWidth = doc.widthOfString(label);
      doc.text(
        label,
        Math.min(xOf(lastIndex) - labelWidth / 2, plot.right - labelWidth),
        plot.yOf(lastValue) - 11,
        {
          lineBreak: false,
        },
      );
    }
  }
}

export interface HorizontalBarRow {
  label: string;
  value: number;
  color?: string;
  /** Replaces the printed value (e.g. "412 (18.5%)"). */
  valueLabel?: string;
}

export interface HorizontalBarChartOptions {
  rows: readonly HorizontalBarRow[];
  /** Width of the label column; a third of the box by default. */
  labelWidth?: number;
  rowHeight?: number;
  max?: number;
  valueFormat?: (value: number) => string;
  color?: string;
}

/** Ranked horizontal bars: label on the left, bar, value at the bar's end; one row per `rowHeight` points. */
export function drawHorizontalBarChart(doc: Pdf, box: ChartBox, options: HorizontalBarChartOptions): void {
  const rowHeight = options.rowHeight ?? 17;
  const labelWidth = options.labelWidth ?? box.width / 3;
  const format = options.valueFormat ?? formatInteger;
  doc.font(fonts.bold).fontSize(LABEL_SIZE + 0.6);
  const valueLabels = options.rows.map((row) => pdfSafe(row.valueLabel ?? format(row.value)));
  const valueWidth = Math.max(0, ...valueLabels.map((label) => doc.widthOfString(label))) + 8;
  const barLeft = box.x + labelWidth + 8;
  const barSpace = box.width - labelWidth - 8 - valueWidth;
  const max = options.max ?? Math.max(1, ...options.rows.map((row) => row.value));
  options.rows.forEach((row, index) => {
    const top = box.y + index * rowHeight;
    const barHeight = Math.min(10, rowHeight - 6);
    doc
      .font(fonts.regular)
      .fontSize(LABEL_SIZE + 1)
      .fillColor(colors.text);
    doc.text(truncateToWidth(doc, pdfSafe(row.label), labelWidth), box.x, top + (rowHeight - 8) / 2, {
      lineBreak: false,
    });
    doc.rect(barLeft, top + (rowHeight - barHeight) / 2, barSpace, barHeight).fill(colors.panel);
    const length = Math.max(0, (Math.min(row.value, max) / max) * barSpace);
    if (length > 0) {
      doc
        .rect(barLeft, top + (rowHeight - barHeight) / 2, length, barHeight)
        .fill(row.color ?? options.color ?? colors.accent);
    }
    doc
      .font(fonts.bold)
      .fontSize(LABEL_SIZE + 0.6)
      .fillColor(colors.heading);
    doc.text(valueLabels[index] ?? "", barLeft + length + 5, top + (rowHeight - 8) / 2 + 0.5, {
      lineBreak: false,
    });
  });
}

/** A horizontal progress bar coloured by score: green at or above 90, orange at or above 75, red below. */
export function drawProgressBar(
  doc: Pdf,
  box: { x: number; y: number; width: number; height?: number },
  value: number,
  options: { max?: number; color?: string } = {},
): void {
  const height = box.height ?? 8;
  const max = options.max ?? 100;
  const ratio = Math.max(0, Math.min(1, value / max));
  const radius = height / 2;
  doc.roundedRect(box.x, box.y, box.width, height, radius).fill(colors.grid);
  if (ratio > 0) {
    const width = Math.max(height, box.width * ratio);
    doc.roundedRect(box.x, box.y, width, height, radius).fill(options.color ?? scoreColor(ratio * 100));
  }
}

export interface ProgressRow {
  label: string;
  /** 0–100 */
  value: number;
  /** Small text under the label, e.g. "12 of 14 techniques". */
  detail?: string;
  /** Printed at the right instead of the percentage. */
  valueLabel?: string;
  /** Bar and value colour; by score thresholds when left out. */
  color?: string;
}

/** Labelled progress bars, one per row, flowing down the page from the cursor. */
export function drawProgressRows(
  doc: Pdf,
  rows: readonly ProgressRow[],
  options: { labelWidth?: number; valueFormat?: (value: number) => string } = {},
): void {
  const box = contentBox(doc);
  const labelWidth = options.labelWidth ?? 170;
  const valueWidth = 64;
  const barLeft = box.left + labelWidth + 10;
  const barWidth = box.width - labelWidth - 10 - valueWidth;
  for (const row of rows) {
    const rowHeight = row.detail ? 30 : 22;
    ensureSpace(doc, rowHeight);
    const top = doc.y;
    doc.font(fonts.bold).fontSize(8.6).fillColor(colors.heading);
    doc.text(truncateToWidth(doc, pdfSafe(row.label), labelWidth), box.left, top + 2, { lineBreak: false });
    if (row.detail) {
      doc.font(fonts.regular).fontSize(7.2).fillColor(colors.muted);
      doc.text(truncateToWidth(doc, pdfSafe(row.detail), labelWidth), box.left, top + 14, {
        lineBreak: false,
      });
    }
    drawProgressBar(doc, { x: barLeft, y: top + 3, width: barWidth, height: 8 }, row.value, {
      color: row.color,
    });
    const label = pdfSafe(
      row.valueLabel ?? (options.valueFormat ?? ((value) => `${value.toFixed(1)}%`))(row.value),
    );
    doc
      .font(fonts.bold)
      .fontSize(9)
      .fillColor(row.color ?? scoreColor(row.value));
    doc.text(label, box.right - doc.widthOfString(label), top + 2, { lineBreak: false });
    doc.y = top + rowHeight;
  }
  doc.x = box.left;
  doc.y += spacing.paragraph;
}
