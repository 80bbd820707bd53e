/**
 * `snapshot FILE [--as-of DATE] [--out FILE]`: appends today's open pipeline to the
 * workbook's Snapshots sheet (for a .csv, to the sibling <name>.snapshots.csv), so
 * that `report` can later backtest the forecast. Run it once a week. All the care
 * about the user's file (a temporary file checked before it replaces the old one, a
 * .bak copy, no second snapshot on one day, no rewrite that would drop charts or
 * pivot tables) lives in workbook/snapshot-file.ts.
 */
import { followUpCommand } from '../mapping';
import { money } from '../terminal';
import { snapshotFile } from '../../workbook/snapshot-file';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, parseAsOf, parseColumnMap, sayGuesses, type CommonOptions, type Io } from '../context';
import { countEn, isoDay } from '../../core/index';

export interface SnapshotOptions extends CommonOptions {
  readonly out?: string;
}

export async function snapshotCommand(file: string, options: SnapshotOptions, io: Io): Promise<number> {
  const asOf = parseAsOf(options.asOf, io);
  if (!asOf.ok) {
    io.err(asOf.reason);
    return EXIT_UNREADABLE;
  }
  const columns = parseColumnMap(options.columns);
  if (!columns.ok) {
    io.err(columns.reason);
    return EXIT_UNREADABLE;
  }
  const result = await snapshotFile(file, {
    at: asOf.value,
    out: options.out,
    columnMap: columns.value,
    stages: options.stages,
    dateOrder: options.dates,
    encoding: options.encoding,
  });
  if (!result.ok) {
    io.err(result.reason);
    return result.kind === 'unreadable' ? EXIT_UNREADABLE : EXIT_PROBLEMS;
  }
  sayGuesses(result.problems, options, io);
  // The weighted pipeline per currency: amounts in two currencies are never added up.
  const byCurrency = new Map<string, number>();
  for (const r of result.rows) {
    const currency = result.currencyOf.get(r.dealId) ?? '';
    byCurrency.set(currency, (byCurrency.get(currency) ?? 0) + r.weighted);
  }
  const weightedByCurrency = [...byCurrency].sort(([a], [b]) => a.localeCompare(b)).map(([currency, weighted]) => ({ currency, weighted }));
  const single = weightedByCurrency.length <= 1;
  const weighted = single ? (weightedByCurrency[0]?.weighted ?? 0) : null;
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          file,
          target: result.target,
          backup: result.backup,
          snapshotDate: isoDay(asOf.value),
          deals: result.rows.length,
          weighted,
          weightedByCurrency,
          created: result.created,
          errors,
        },
        null,
        2,
      ),
    );
    return EXIT_OK;
  }
  const weightedText = single
    ? `${money(weighted ?? 0)}${weightedByCurrency[0]?.currency ? ` ${weightedByCurrency[0].currency}` : ''} weighted`
    : `weighted ${weightedByCurrency.map((w) => `${money(w.weighted)} ${w.currency || '(no currency)'}`).join('; ')} ` +
      '(currencies are never added up)';
  io.out(
    `Snapshot of ${isoDay(asOf.value)}: ${countEn(result.rows.length, 'open deal')}, ` +
      `${weightedText}, added to ${result.target}${result.created ? ' (new Snapshots table)' : ''}.`,
  );
  if (result.backup) io.out(`The previous version is kept as ${result.backup}.`);
  if (errors > 0)
    io.err(`${countEn(errors, 'row or cell', 'rows or cells')} could not be read fully; run: ${followUpCommand('check', file, options)}`);
  return EXIT_OK;
}
