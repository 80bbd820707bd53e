/**
 * Stage sets a team can start from, each a complete configuration: stages with
 * order, win probability, rotting days, forecast category, outcome, required fields
 * and (where the path is fixed) allowed next stages, plus the rules and the language
 * of digests. Each one is written to a Stages sheet by stagesToTable and reads back
 * unchanged through readStages.
 */
import { DEFAULT_CONFIG, DEFAULT_RULES, defineStage as stage } from './stages';
import type { Language, PipelineConfig } from './types';

export interface Preset {
  /** 'b2b', 'saas', 'agency-ru', 'vi-5' */
  readonly id: string;
  readonly title: string;
  readonly language: Language;
  readonly config: PipelineConfig;
}

/**
 * Self-serve SaaS: a trial user may be ready to buy without a demo, so skipping is
 * allowed; "Waiting" is the stage where the prospect has the ball (security review,
 * budget sign-off), so it gets the longest rotting time.
 */
const SAAS: PipelineConfig = {
  stages: [
    stage('Trial sign-up', 1, 0.05, 14, 'Pipeline', 'open'),
    stage('Qualified', 2, 0.2, 10, 'Pipeline', 'open', ['owner']),
    stage('Demo scheduled', 3, 0.35, 10, 'Best case', 'open', ['owner', 'nextStepDate']),
    stage('Waiting', 4, 0.5, 21, 'Best case', 'open', ['owner', 'amount']),
    stage('Ready to buy', 5, 0.8, 7, 'Commit', 'open', ['owner', 'amount', 'expectedClose']),
    stage('Won', 6, 1, null, 'Closed', 'won', ['amount']),
    stage('Lost', 7, 0, null, 'Omitted', 'lost', ['lostReason']),
  ],
  rules: { ...DEFAULT_RULES, skippingAllowed: true },
};

/**
 * A Russian service agency (the amoCRM-style funnel). The sale is won when the
 * contract is signed, so «Работаем», «Взять отзыв» and «Закончили работу» all have
 * the outcome "won" (category Closed, probability 100%): the money is then contracted,
 * the forecast counts it once as won (not again as open pipeline at 100%), the win
 * rate counts the deal from the day the work starts, and the cycle time ends at the
 * signature rather than at the end of delivery. «Заключаем договор» (contract being
 * drawn up) is still open, as Commit. The three delivery stages are chained by
 * "Allowed next". Staleness alerts cover open stages only, so a job stuck in
 * «Работаем» is not flagged; that is delivery's business, not the sales digest's.
 */
const AGENCY_RU: PipelineConfig = {
  stages: [
    stage('Клиент на подходе', 1, 0.1, 7, 'Pipeline', 'open'),
    stage('Созвон и КП', 2, 0.3, 10, 'Pipeline', 'open', ['owner']),
    stage('Мяч у клиента', 3, 0.5, 14, 'Best case', 'open', ['owner', 'amount', 'nextStepDate']),
    stage('Заключаем договор', 4, 0.85, 10, 'Commit', 'open', ['owner', 'amount', 'expectedClose']),
    stage('Работаем', 5, 1, null, 'Closed', 'won', ['amount'], ['Взять отзыв', 'Закончили работу']),
    stage('Взять отзыв', 6, 1, null, 'Closed', 'won', ['amount'], ['Закончили работу']),
    stage('Закончили работу', 7, 1, null, 'Closed', 'won', ['amount']),
    stage('Отвалился', 8, 0, null, 'Omitted', 'lost', ['lostReason']),
  ],
  rules: { ...DEFAULT_RULES, language: 'ru' },
};

/**
 * The five-step funnel common in Vietnamese sales training (tìm kiếm, giữ chân, đề
 * xuất, thuyết phục/đàm phán, chốt deal). That funnel has no lost step, but a
 * pipeline needs one, or a dead deal sits open for ever and the win rate has nothing
 * to divide by; so "Thất bại" (failed) is added as the lost stage.
 */
const VI_5: PipelineConfig = {
  stages: [
    stage('Tìm kiếm khách hàng tiềm năng', 1, 0.1, 14, 'Pipeline', 'open'),
    stage('Giữ chân khách hàng', 2, 0.3, 21, 'Pipeline', 'open', ['owner']),
    stage('Đề xuất', 3, 0.5, 14, 'Best case', 'open', ['owner', 'amount']),
    stage('Thuyết phục/Đàm phán', 4, 0.75, 14, 'Commit', 'open', ['owner', 'amount', 'expectedClose']),
    stage('Chốt deal', 5, 1, null, 'Closed', 'won', ['amount']),
    stage('Thất bại', 6, 0, null, 'Omitted', 'lost', ['lostReason']),
  ],
  rules: { ...DEFAULT_RULES, language: 'vi' },
};

export const PRESETS: readonly Preset[] = [
  { id: 'b2b', title: 'B2B sales (Lead → Negotiation → Won/Lost)', language: 'en', config: DEFAULT_CONFIG },
  { id: 'saas', title: 'SaaS (Trial sign-up → Ready to buy → Won/Lost)', language: 'en', config: SAAS },
  { id: 'agency-ru', title: 'Агентство услуг (Клиент на подходе → Закончили работу)', language: 'ru', config: AGENCY_RU },
  { id: 'vi-5', title: 'Bán hàng 5 bước (Tìm kiếm → Chốt deal)', language: 'vi', config: VI_5 },
];

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id.trim().toLowerCase());
}
