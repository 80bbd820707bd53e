/**
 * A stage set built from the deals themselves, for a file whose stage names are not
 * in any stage set (`--stages infer`), and the count of deals a stage set leaves out.
 * A stage is won or lost when its name says so in English, Vietnamese, Russian or
 * Spanish ("Closed Won", "Thắng", "Проиграна", "Cerrada perdida"); deals that a status
 * column closed are already in a won or lost stage (crm/apply.ts). The rest are open. Open
 * stages are ordered by the mean of the deals' Probability when the file has one,
 * else by typical deal age (the median Created date, newest first: deals sit in early
 * stages while they are young). Each stage carries one line saying how it was decided.
 */
import { median } from './outcomes';
import { defineStage, DEFAULT_RULES, findStage, stageKey } from './stages';
import type { Deal, PipelineConfig, Stage, StageOutcome } from './types';

/** Won and lost words; a name is tested as whole words, folded to lower case. */
const WON_WORDS =
  /(^|[^\p{L}])(won|win|closed won|ganad[oa]|cerrad[oa] ganad[oa]|thắng|thành công|выиграна|выигран|успешно|успех|успешная)($|[^\p{L}])/u;
const LOST_WORDS = new RegExp(
  String.raw`(^|[^\p{L}])(lost|lose|closed lost|canceled|cancelled|out-sold|perdid[oa]|cerrad[oa] perdid[oa]|cancelad[oa]|` +
    String.raw`thua|thất bại|hủy|проиграна|проигран|отказ|отменена|неуспешно)($|[^\p{L}])`,
  'u',
);

export interface InferredStage {
  readonly stage: Stage;
  readonly deals: number;
  /** How its outcome, order and probability were decided, in plain words. */
  readonly how: string;
}

export interface InferredStages {
  readonly config: PipelineConfig;
  readonly stages: readonly InferredStage[];
}

/** The outcome a stage's name says, or undefined. */
export function outcomeFromWords(name: string): StageOutcome | undefined {
  const text = name.toLowerCase().normalize('NFC');
  if (LOST_WORDS.test(text)) return 'lost';
  if (WON_WORDS.test(text)) return 'won';
  return undefined;
}

/** Builds a stage set from the stage names the deals carry. `hasProbability`: the file has a Probability column. */
export function inferStages(deals: readonly Deal[], hasProbability: boolean): InferredStages {
  const groups = new Map<string, { name: string; deals: Deal[] }>();
  for (const deal of deals) {
    if (!deal.stage) continue;
    const key = stageKey(deal.stage);
    const group = groups.get(key) ?? { name: deal.stage.trim(), deals: [] };
    group.deals.push(deal);
    groups.set(key, group);
  }
  const open: { name: string; deals: Deal[]; probability: number | null; createdMedian: number | null }[] = [];
  const closed: InferredStage[] = [];
  for (const { name, deals: inStage } of groups.values()) {
    const outcome = outcomeFromWords(name);
    if (outcome) {
      closed.push({
        stage: defineStage(name, 0, outcome === 'won' ? 1 : 0, null, outcome === 'won' ? 'Closed' : 'Omitted', outcome),
        deals: inStage.length,
        how: `${outcome} (its name says so)`,
      });
      continue;
    }
    const probabilities = inStage.map((d) => d.probability).filter((p): p is number => p !== null);
    const created = inStage.map((d) => d.created?.getTime()).filter((t): t is number => t !== undefined);
    open.push({
      name,
      deals: inStage,
      probability: probabilities.length ? probabilities.reduce((a, b) => a + b, 0) / probabilities.length : null,
      createdMedian: median(created),
    });
  }
  const byProbability = hasProbability && open.every((s) => s.probability !== null);
  open.sort((a, b) => (byProbability ? a.probability! - b.probability! : (b.createdMedian ?? -Infinity) - (a.createdMedian ?? -Infinity)));
  const stages: InferredStage[] = open.map((s, i) => {
    const probability = byProbability ? round2(s.probability!) : round2((i + 1) / (open.length + 1));
    const how = byProbability
      ? `open; placed ${i + 1} of ${open.length} by its deals' mean Probability (${Math.round(probability * 100)}%)`
      : `open; placed ${i + 1} of ${open.length} by typical deal age ` +
        `(median Created ${s.createdMedian === null ? 'unknown' : new Date(s.createdMedian).toISOString().slice(0, 10)}, newer first); ` +
        `probability ${Math.round(probability * 100)}% spread evenly by position`;
    const category = probability >= 0.8 ? 'Commit' : probability >= 0.5 ? 'Best case' : 'Pipeline';
    return { stage: defineStage(s.name, i + 1, probability, 21, category, 'open'), deals: s.deals.length, how };
  });
  closed.sort((a, b) => (a.stage.outcome === b.stage.outcome ? 0 : a.stage.outcome === 'won' ? -1 : 1));
  closed.forEach((c, i) => {
    stages.push({ ...c, stage: { ...c.stage, order: open.length + i + 1 } });
  });
  return {
    config: { stages: stages.map((s) => s.stage), rules: { ...DEFAULT_RULES, skippingAllowed: true, backwardNeedsReason: false } },
    stages,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export interface LeftOut {
  readonly deals: number;
  readonly amount: number;
  /** Stage as typed (blank: no stage) → deals and amount. */
  readonly byStage: readonly { readonly stage: string; readonly deals: number; readonly amount: number }[];
}

/** Deals whose stage the stage set does not know (or that have none): every total leaves them out. */
export function dealsOutsideStages(deals: readonly Deal[], config: PipelineConfig): LeftOut {
  const byStage = new Map<string, { stage: string; deals: number; amount: number }>();
  let count = 0;
  let amount = 0;
  for (const deal of deals) {
    if (deal.stage && findStage(config, deal.stage)) continue;
    count++;
    amount += deal.amount ?? 0;
    const entry = byStage.get(deal.stage) ?? { stage: deal.stage, deals: 0, amount: 0 };
    entry.deals++;
    entry.amount += deal.amount ?? 0;
    byStage.set(deal.stage, entry);
  }
  return { deals: count, amount, byStage: [...byStage.values()].sort((a, b) => b.deals - a.deals) };
}
