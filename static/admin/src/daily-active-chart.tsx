/**
 * Daily active users over the window as an SVG bar chart. It reads without colour: every
 * bar carries its number (when the numbers fit), today's bar (a day still going on) is
 * hatched and labelled in the legend, the axes have round ticks and dates. The SVG is an
 * image with a title and a description in words, and the same numbers are one click away
 * as a table, for screen readers and for anyone who wants the exact figures.
 */
import Button from '@atlaskit/button/new';
import { Stack, Text } from '@atlaskit/primitives';
import { useState } from 'react';
import type { UsageOverview } from '../../../src/resolvers/admin-api';
import { dateLabelIndexes, yTicks } from './chart-scale';
import { chartSummary, formatCount, formatDay } from './usage-text';

type Days = UsageOverview['dailyActiveUsers'];

const WIDTH = 720;
const HEIGHT = 250;
const PLOT = { left: 44, right: 8, top: 22, bottom: 44 };
const INK = 'var(--ds-text-subtle, #44546F)';
const BAR = 'var(--ds-background-brand-bold, #0C66E4)';
const GRID = 'var(--ds-border, #091E4224)';
/** Above three characters ("1,234") the numbers no longer fit over 22-pixel bars: the table has them. */
const MAX_LABEL_CHARS = 3;

export function DailyActiveChart({ days }: { days: Days }) {
  const [showTable, setShowTable] = useState(false);
  return (
    <Stack space="space.100">
      <BarChart days={days} />
      <Text as="p" size="small" color="color.text.subtle">
        Each bar is one UTC day; the hatched bar is today, still going on.
      </Text>
      <div>
        <Button appearance="subtle" onClick={() => setShowTable((shown) => !shown)} aria-expanded={showTable} {...(showTable ? { 'aria-controls': 'dau-table' } : {})} testId="dau-table-toggle">
          {showTable ? 'Hide the numbers' : 'Show the numbers as a table'}
        </Button>
      </div>
      {showTable ? <DaysTable days={days} /> : null}
    </Stack>
  );
}

function BarChart({ days }: { days: Days }) {
  const ticks = yTicks(Math.max(0, ...days.map((d) => d.users)));
  const top = ticks[ticks.length - 1]!;
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(2, slot * 0.64);
  const y = (value: number) => PLOT.top + plotHeight - (value / top) * plotHeight;
  const showValues = days.every((d) => formatCount(d.users).length <= MAX_LABEL_CHARS);
  const dated = new Set(dateLabelIndexes(days.length));
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby="dau-title dau-desc" data-testid="dau-chart" style={{ maxWidth: `${WIDTH}px`, display: 'block' }}>
      <title id="dau-title">Daily active users, last 30 days</title>
      <desc id="dau-desc">{chartSummary(days)}</desc>
      <defs>
        <pattern id="dau-today-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="var(--ds-surface, #FFFFFF)" />
          <rect width="3" height="6" fill={BAR} />
        </pattern>
      </defs>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(tick)} y2={y(tick)} stroke={GRID} strokeWidth={1} />
          <text x={PLOT.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" fontSize={11} fill={INK}>
            {formatCount(tick)}
          </text>
        </g>
      ))}
      <text transform={`translate(12 ${PLOT.top + plotHeight / 2}) rotate(-90)`} textAnchor="middle" fontSize={11} fill={INK}>
        Active users
      </text>
      {days.map((day, i) => {
        const x = PLOT.left + i * slot + (slot - barWidth) / 2;
        const isToday = i === days.length - 1;
        return (
          <g key={day.day} data-testid="dau-bar">
            <rect x={x} y={y(day.users)} width={barWidth} height={Math.max(0, y(0) - y(day.users))} fill={isToday ? 'url(#dau-today-hatch)' : BAR} stroke={BAR} strokeWidth={isToday ? 1 : 0}>
              <title>{`${formatDay(day.day)}${isToday ? ' (today, so far)' : ''}: ${formatCount(day.users)} active ${day.users === 1 ? 'user' : 'users'}`}</title>
            </rect>
            {showValues ? (
              <text x={x + barWidth / 2} y={y(day.users) - 4} textAnchor="middle" fontSize={10} fill={INK}>
                {formatCount(day.users)}
              </text>
            ) : null}
            {dated.has(i) ? (
              <text x={x + barWidth / 2} y={HEIGHT - PLOT.bottom + 16} textAnchor="middle" fontSize={11} fill={INK}>
                {isToday ? 'Today' : formatDay(day.day)}
              </text>
            ) : null}
          </g>
        );
      })}
      <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(0)} y2={y(0)} stroke={INK} strokeWidth={1} />
      <text x={PLOT.left + plotWidth / 2} y={HEIGHT - 6} textAnchor="middle" fontSize={11} fill={INK}>
        Day (UTC)
      </text>
    </svg>
  );
}

function DaysTable({ days }: { days: Days }) {
  return (
    <table id="dau-table" data-testid="dau-table" style={{ borderCollapse: 'collapse', maxWidth: '320px' }}>
      <caption style={{ textAlign: 'start' }}>Daily active users, last 30 days (UTC)</caption>
      <thead>
        <tr>
          <th scope="col" style={{ textAlign: 'start' }}>
            Day
          </th>
          <th scope="col" style={{ textAlign: 'end' }}>
            Active users
          </th>
        </tr>
      </thead>
      <tbody>
        {days.map((day, i) => (
          <tr key={day.day}>
            <th scope="row" style={{ textAlign: 'start', fontWeight: 'normal' }}>
              {formatDay(day.day)}
              {i === days.length - 1 ? ' (today, so far)' : ''}
            </th>
            <td style={{ textAlign: 'end' }}>{formatCount(day.users)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
