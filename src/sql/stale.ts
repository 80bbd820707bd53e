/**
 * Stale deals as SQL (the core's stale.ts), for a day given as a parameter: open
 * deals with at least one flag. Every comparison is by whole UTC day. A deal
 * snoozed past the day is left out. It rots when its days in stage (from the last
 * time its path entered the stage it is in, or Stage changed when later, or else
 * Stage changed / Created) pass the stage's rotting days, unless its next step is
 * dated after the day. A next step dated before the day is overdue; an Expected
 * close before it has slipped. Rows come by owner, most days in stage first, then
 * sheet row (`sort_order`). Each row names the currency of its amount (CURRENCY_KEY),
 * so that a report split by currency never adds amounts across currencies.
 */
import { CURRENCY_KEY, dealStage, visits, withCtes } from './common';
import type { Dialect } from './dialect';

export function staleDealsSelect(d: Dialect): string {
  const asOfDay = d.dayOfDate(d.asOf);
  const later = (column: string) => `(${column} IS NOT NULL AND ${d.dayOfDate(column)} > ${asOfDay})`;
  return withCtes(
    [
      dealStage(d),
      ...visits(d),
      // The last time each path entered each stage (enteredCurrentStage).
      { name: 'last_entries', select: 'SELECT deal_id, stage, MAX(at_ms) AS at_ms FROM visits GROUP BY deal_id, stage' },
      {
        name: 'open_deals',
        select: [
          'SELECT ds.*, le.at_ms AS path_entered_ms',
          'FROM deal_stage AS ds',
          'LEFT JOIN last_entries AS le ON le.deal_id = ds.deal_id AND le.stage = ds.stage',
          `WHERE ds.stage_outcome = 'open' AND NOT ${later('ds.snooze_until')}`,
        ].join('\n'),
      },
      {
        name: 'entered',
        select: [
          'SELECT o.*,',
          `  CASE WHEN path_entered_ms IS NULL THEN ${d.msOfDate('COALESCE(stage_changed, created)')}`,
          `    WHEN stage_changed IS NOT NULL AND ${d.msOfDate('stage_changed')} > path_entered_ms THEN ${d.msOfDate('stage_changed')}`,
          '    ELSE path_entered_ms END AS entered_ms',
          'FROM open_deals AS o',
        ].join('\n'),
      },
      {
        name: 'measured',
        select: [
          'SELECT e.*,',
          `  ${asOfDay} - ${d.floorDiv('entered_ms', '86400000')} AS days_in_stage,`,
          `  CASE WHEN next_step_date IS NULL THEN 0 ELSE ${asOfDay} - ${d.dayOfDate('next_step_date')} END AS overdue,`,
          `  CASE WHEN expected_close IS NULL THEN 0 ELSE ${asOfDay} - ${d.dayOfDate('expected_close')} END AS slipped`,
          'FROM entered AS e',
        ].join('\n'),
      },
      {
        name: 'flagged',
        select: [
          'SELECT m.*,',
          '  (stage_rotting_days IS NOT NULL AND days_in_stage IS NOT NULL ' +
            `AND days_in_stage > stage_rotting_days AND NOT ${later('next_step_date')}) AS rotting,`,
          '  overdue > 0 AS overdue_next_step,',
          '  slipped > 0 AS slipped_close',
          'FROM measured AS m',
        ].join('\n'),
      },
    ],
    [
      `SELECT COALESCE(owner, '(no owner)') AS owner, deal_id, deal_name, account, stage, amount, ${CURRENCY_KEY} AS currency,`,
      `  ${d.timestampOfMs('entered_ms')} AS entered_stage, days_in_stage, stage_rotting_days AS rotting_days,`,
      '  CASE WHEN overdue > 0 THEN overdue END AS next_step_overdue_days,',
      '  CASE WHEN slipped > 0 THEN slipped END AS close_slipped_days,',
      '  rotting, overdue_next_step, slipped_close, sheet_row,',
      "  ROW_NUMBER() OVER (ORDER BY COALESCE(owner, ''), " +
        'CASE WHEN days_in_stage IS NULL THEN 1 ELSE 0 END, days_in_stage DESC, sheet_row, seq) AS sort_order',
      'FROM flagged',
      'WHERE rotting OR overdue_next_step OR slipped_close',
    ].join('\n'),
  );
}
