/**
 * The command line's commands and options (commander), wired to the command
 * functions. `run` returns the exit code instead of exiting, so tests can call it
 * with a captured Io. Usage mistakes exit 2; an unexpected failure prints one line,
 * never a stack trace (set PIPELINE_DEBUG=1 to see it).
 */
import { Command, CommanderError, Option } from 'commander';
import { checkCommand } from './commands/check';
import { demoCommand } from './commands/demo';
import { digestCommand } from './commands/digest';
import { exportCommand } from './commands/export';
import { reportCommand } from './commands/report';
import { snapshotCommand } from './commands/snapshot';
import { sqlCommand } from './commands/sql';
import { templateCommand } from './commands/template';
import { EXIT_UNREADABLE, type Io } from './context';

function withCommonOptions(command: Command): Command {
  return command
    .option('--columns <map>', "map your headers to ours, e.g. 'Deal ID=Opportunity ID,Owner=Rep'")
    .option(
      '--stages <file|preset|infer>',
      'stage set: a preset (b2b, saas, agency-ru, vi-5), a file with a Stages sheet, or infer (built from the data)',
    )
    .option('--as-of <date>', 'the day to report for, e.g. 2026-11-23 (default: today, UTC)')
    .addOption(
      new Option(
        '--dates <order>',
        'how to read 03/04/2026 in a column whose dates all read either way: dmy (3 April), mdy ' +
          "(March 4, US) or ymd (default: the Stages sheet's Date order, else dmy, said once)",
      ).choices(['dmy', 'mdy', 'ymd']),
    )
    .option('--encoding <name>', 'text encoding of a .csv, e.g. utf-8, utf-16le, windows-1252 (default: detected; see docs/CLI.md)')
    .option('--json', 'print JSON for scripts (no progress bar)')
    .option(
      '--rates <file>',
      'a .csv/.xlsx Rates table (Currency, Rate to USD, optional From) that converts every amount into that one currency',
    );
}

/** For the commands that read a CRM export (digest keeps --from for its sender address). */
function withCrmOptions(command: Command): Command {
  return command
    .option(
      '--from <crm>',
      'the CRM the export came from when its headers do not say: salesforce, ' +
        'hubspot, pipedrive, zoho, dynamics, odoo (none: read it as a plain sheet)',
    )
    .option(
      '--write-stages <file>',
      'save the stage set in use (e.g. the inferred one) as .xlsx or .csv, to correct and pass back with --stages',
    );
}

function withForecastOptions(command: Command): Command {
  return command
    .option('--range-by <period>', 'forecast range and backtest by month or quarter (default month)')
    .option('--quota <amount>', 'won-revenue target per period: the report gives the chance of reaching it')
    .option('--probabilities <which>', 'configured (the Stages sheet, default) or calibrated (learned from History)')
    .option('--runs <n>', 'simulated runs for the forecast range (default 2000)')
    .option('--seed <n>', 'seed of the simulation; the same seed gives the same range (default 1)')
    .option('--business-days', 'count suggested rotting days in Monday-Friday days')
    .option(
      '--fiscal-year-start <month>',
      "first month of the fiscal year for quarters, e.g. 4 or April (default: the Stages sheet's Fiscal year starts, else January)",
    );
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('pipeline-sheets')
    .description('A sales pipeline in a spreadsheet: forecast, conversion, stale deals and digests over .xlsx and .csv files.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.replace(/\n$/, '')), writeErr: (text) => io.err(text.replace(/\n$/, '')) })
    .showHelpAfterError('(run with --help for usage)');

  withCommonOptions(
    program.command('demo').description('write ./pipeline-demo.xlsx on the first run (read it back later) and print the report'),
  )
    .option('--fresh', 'write the sample workbook again')
    .option('--file <path>', 'use another file name than pipeline-demo.xlsx')
    .action(async (options) => {
      code = await demoCommand(options, io);
    });
  withCrmOptions(
    withCommonOptions(
      program
        .command('check')
        .argument('<file>', '.xlsx or .csv')
        .description('list every problem in Stages, Deals and History; exit 0 clean, 1 problems, 2 unreadable'),
    ),
  )
    .option('--strict', 'treat warnings as problems too')
    .option('--all', 'list every row of each kind of problem (default: the first three)')
    .action(async (file, options) => {
      code = await checkCommand(file, options, io);
    });
  withCrmOptions(
    withForecastOptions(
      withCommonOptions(
        program
          .command('report')
          .argument('<file>', '.xlsx or .csv')
          .description('forecast, conversion, stale deals, owners, calibration, forecast range, backtest and rotting days'),
      ),
    ),
  )
    .option(
      '--out <report.xlsx>',
      'write tidy sheets: Forecast, Conversion, Stale, Owners, Calibration, Reliability, Forecast range, Backtest, Rotting days, Facts',
    )
    .option('--html <report.html>', 'write a self-contained HTML page with charts')
    .option('--csv <dir>', 'write the same tables as CSV files (forecast.csv … facts.csv)')
    .option('--strict', 'exit 1 when deals are left out of the totals (a stage not in the stage set)')
    .addOption(
      new Option('--engine <engine>', 'compute with the core, or run the SQL views in embedded DuckDB (docs/SCALE.md)').choices([
        'core',
        'duckdb',
      ]),
    )
    .option('--all', 'list every row of each kind of problem (default: the first three)')
    .action(async (file, options) => {
      code = await reportCommand(file, options, io);
    });
  withCommonOptions(
    program
      .command('snapshot')
      .argument('<file>', '.xlsx or .csv')
      .description('append the open pipeline to the Snapshots sheet (a .csv: to <name>.snapshots.csv), once a day at most'),
  )
    .option('--out <file>', 'write the result here instead of changing FILE (for a .csv: the snapshots file)')
    .action(async (file, options) => {
      code = await snapshotCommand(file, options, io);
    });
  program
    .command('template')
    .argument('<out.xlsx>', 'where to write the blank workbook')
    .description('write a blank workbook with dropdowns, rotting colours and a Dashboard of formulas and four charts')
    .addOption(new Option('--lang <lang>', 'language of headers and stages').choices(['en', 'vi', 'ru']).default('en'))
    .option('--stages <file|preset>', 'start from this stage set instead of the language default')
    .option('--owners <emails>', 'comma-separated owner emails for the Owner dropdown')
    .option('--force', 'replace the file if it exists')
    .action(async (out, options) => {
      code = await templateCommand(out, options, io);
    });
  withCommonOptions(
    program
      .command('digest')
      .argument('<file>', '.xlsx or .csv')
      .description("render each owner's stale-deal digest as it would be emailed"),
  )
    .option('--dry-run', 'render only (the command line never sends mail)')
    .option('--out <dir>', 'write one .eml file per owner to this folder')
    .option('--lang <lang>', 'en, vi or ru (default: the Language setting in Stages)')
    .option('--from <address>', 'From address in the .eml files')
    .action(async (file, options) => {
      code = await digestCommand(file, options, io);
    });

  withCommonOptions(
    program
      .command('export')
      .argument('<file>', '.xlsx or .csv')
      .description('write the tidy tables deals, stage_history and stages as typed CSV with a schema, for BigQuery or DuckDB'),
  )
    .option('--tables <dir>', 'the folder to write deals.csv, stage_history.csv, stages.csv and schema.json to')
    .option('--all', 'list every row of each kind of problem (default: the first three)')
    .action(async (file, options) => {
      code = await exportCommand(file, options, io);
    });
  program
    .command('sql')
    .description("write the SQL views that compute the report's figures over the exported tables")
    .addOption(new Option('--dialect <dialect>', 'SQL dialect').choices(['bigquery', 'duckdb']).default('bigquery'))
    .option('--dataset <name>', 'BigQuery dataset (default pipeline) or DuckDB schema that holds the tables')
    .option('--out <file.sql>', 'write the script here instead of printing it')
    .option('--fiscal-year-start <month>', 'first month of the fiscal year for the quarter views, e.g. 4 or April (default January)')
    .action(async (options) => {
      code = await sqlCommand(options, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help'
        ? 0
        : EXIT_UNREADABLE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`pipeline-sheets: ${message}`);
    if (process.env.PIPELINE_DEBUG && error instanceof Error) io.err(error.stack ?? '');
    return EXIT_UNREADABLE;
  }
}
