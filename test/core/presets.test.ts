import { describe, expect, it } from 'vitest';
import { findPreset, PRESETS } from '../../src/core/presets';
import { DEFAULT_CONFIG, readStages, stagesToTable } from '../../src/core/stages';

describe('PRESETS', () => {
  it('holds the four presets, each in its language', () => {
    expect(PRESETS.map((p) => [p.id, p.language, p.config.rules.language])).toEqual([
      ['b2b', 'en', 'en'],
      ['saas', 'en', 'en'],
      ['agency-ru', 'ru', 'ru'],
      ['vi-5', 'vi', 'vi'],
    ]);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s reads back unchanged from its Stages sheet, with no problems', (_, preset) => {
    const { config, problems } = readStages(stagesToTable(preset.config));
    expect(problems).toEqual([]);
    expect(config).toEqual(preset.config);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s is a complete pipeline', (_, preset) => {
    const stages = preset.config.stages;
    const orders = stages.map((s) => s.order);
    // Orders strictly rise, so the sheet order is the pipeline order.
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(new Set(orders).size).toBe(stages.length);
    expect(stages.some((s) => s.outcome === 'won')).toBe(true);
    expect(stages.filter((s) => s.outcome === 'lost')).toHaveLength(1);
    for (const s of stages) {
      expect(s.probability).toBeGreaterThanOrEqual(0);
      expect(s.probability).toBeLessThanOrEqual(1);
      // Only open stages rot; a won or lost deal has nothing left to chase.
      if (s.outcome === 'open') expect(s.rottingDays).toBeGreaterThan(0);
      else expect(s.rottingDays).toBeNull();
      if (s.outcome === 'won') expect([s.probability, s.category]).toEqual([1, 'Closed']);
      if (s.outcome === 'lost') expect([s.probability, s.category, s.requiredFields]).toEqual([0, 'Omitted', ['lostReason']]);
    }
    // Open stages grow more likely to close as the deal moves on.
    const open = stages.filter((s) => s.outcome === 'open').map((s) => s.probability);
    expect(open).toEqual([...open].sort((a, b) => a - b));
  });

  it('b2b is the default configuration', () => {
    expect(findPreset('b2b')!.config).toBe(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.stages.map((s) => s.name)).toEqual([
      'Lead',
      'Qualified',
      'Contacted',
      'Meeting/Demo',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
  });

  it('saas follows a trial to a purchase, and lets a ready buyer skip ahead', () => {
    const saas = findPreset('saas')!.config;
    expect(saas.stages.map((s) => `${s.name}:${s.outcome}`)).toEqual([
      'Trial sign-up:open',
      'Qualified:open',
      'Demo scheduled:open',
      'Waiting:open',
      'Ready to buy:open',
      'Won:won',
      'Lost:lost',
    ]);
    expect(saas.rules.skippingAllowed).toBe(true);
  });

  it('agency-ru counts a signed contract as won, so delivery is never open pipeline', () => {
    const agency = findPreset('agency-ru')!.config;
    expect(agency.stages.map((s) => `${s.name}:${s.outcome}`)).toEqual([
      'Клиент на подходе:open',
      'Созвон и КП:open',
      'Мяч у клиента:open',
      'Заключаем договор:open',
      'Работаем:won',
      'Взять отзыв:won',
      'Закончили работу:won',
      'Отвалился:lost',
    ]);
    expect(agency.stages.find((s) => s.name === 'Работаем')!.allowedNext).toEqual(['Взять отзыв', 'Закончили работу']);
  });

  it('vi-5 has the five Vietnamese steps plus a lost stage', () => {
    const vi = findPreset('vi-5')!.config;
    expect(vi.stages.map((s) => `${s.name}:${s.outcome}`)).toEqual([
      'Tìm kiếm khách hàng tiềm năng:open',
      'Giữ chân khách hàng:open',
      'Đề xuất:open',
      'Thuyết phục/Đàm phán:open',
      'Chốt deal:won',
      'Thất bại:lost',
    ]);
    // Names are stored composed (NFC), as cellText reads them back from a sheet.
    for (const s of vi.stages) expect(s.name).toBe(s.name.normalize('NFC'));
  });

  it('finds a preset by id, ignoring case and spaces', () => {
    expect(findPreset(' SaaS ')!.id).toBe('saas');
    expect(findPreset('crm')).toBeUndefined();
  });
});
