// The geometry of the dashboard's charts, drawn on the server as SVG (views/dashboard/chart.njk):
// horizontal bars with their label and value written beside them, and bars split into parts named
// by a legend — the words carry the figures, the colours only repeat them. Each chart is followed on
// the page by its data table. Pure.

/** Colours with at least 3:1 contrast on white (WCAG 1.4.11), Bootstrap Italia's palette. */
export const COLOURS = ['#0066CC', '#008758', '#A66300', '#D9364F', '#5C6F82'] as const;

const WIDTH = 640;
const LABEL_WIDTH = 210;
const BAR_WIDTH = 300;
const ROW = 30;
const TOP = 8;

export interface Bar {
  label: string;
  value: number;
  text: string;
}

export interface BarChart {
  id: string;
  title: string;
  desc: string;
  width: number;
  height: number;
  rows: { y: number; textY: number; label: string; barX: number; barWidth: number; valueX: number; text: string }[];
}

/** A label that fits the label column (the table below has it whole). */
const fit = (label: string, max = 32) => (label.length > max ? `${label.slice(0, max - 1)}…` : label);

export function barChart(id: string, title: string, desc: string, bars: readonly Bar[]): BarChart {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return {
    id,
    title,
    desc,
    width: WIDTH,
    height: TOP * 2 + Math.max(1, bars.length) * ROW,
    rows: bars.map((b, i) => {
      const barWidth = b.value > 0 ? Math.max(2, Math.round((b.value / max) * BAR_WIDTH)) : 0;
      const y = TOP + i * ROW;
      return {
        y: y + 5,
        textY: y + 20,
        label: fit(b.label),
        barX: LABEL_WIDTH,
        barWidth,
        valueX: LABEL_WIDTH + barWidth + 6,
        text: b.text,
      };
    }),
  };
}

export interface StackedBar {
  label: string;
  parts: readonly number[];
  text: string;
}

export interface StackedChart {
  id: string;
  title: string;
  desc: string;
  width: number;
  height: number;
  legend: { x: number; y: number; colour: string; label: string }[];
  rows: {
    textY: number;
    label: string;
    text: string;
    textX: number;
    parts: { x: number; y: number; width: number; colour: string }[];
  }[];
}

/** Bars split into parts (each a share of the row's total), with a legend naming the parts. */
export function stackedChart(
  id: string,
  title: string,
  desc: string,
  partNames: readonly string[],
  bars: readonly StackedBar[],
): StackedChart {
  const legendRows = Math.ceil(partNames.length / 2);
  const top = TOP + legendRows * 22 + 6;
  return {
    id,
    title,
    desc,
    width: WIDTH,
    height: top + TOP + Math.max(1, bars.length) * ROW,
    legend: partNames.map((label, i) => ({
      x: (i % 2) * 300,
      y: TOP + Math.floor(i / 2) * 22,
      colour: COLOURS[i % COLOURS.length]!,
      label,
    })),
    rows: bars.map((b, i) => {
      const total = b.parts.reduce((s, p) => s + p, 0);
      const y = top + i * ROW;
      let x = LABEL_WIDTH;
      const parts = b.parts.map((p, k) => {
        const width = total > 0 ? Math.round((p / total) * BAR_WIDTH) : 0;
        const part = { x, y: y + 5, width, colour: COLOURS[k % COLOURS.length]! };
        x += width;
        return part;
      });
      return { textY: y + 20, label: fit(b.label), text: b.text, textX: LABEL_WIDTH + BAR_WIDTH + 6, parts };
    }),
  };
}
