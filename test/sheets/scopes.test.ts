/**
 * The fakes check OAuth scopes as Apps Script does when appsscript.json lists them
 * explicitly: a method whose scope the manifest lacks throws at run time. The
 * manifest the build ships must therefore hold every scope the script's calls need;
 * the vm-driven tests fail otherwise (this is how a missing userinfo.email, which
 * broke "Move deal to stage…" and "Preview my digest", was found).
 */
import { describe, expect, it } from 'vitest';
import { createGas, SCOPES } from '../fakes/gas';

describe('scope checks in the fakes', () => {
  it("refuses Session.getActiveUser without userinfo.email, with Apps Script's message", () => {
    const world = createGas({ scopes: [SCOPES.mail, SCOPES.triggers] });
    expect(() => world.Session.getActiveUser()).toThrow(
      'You do not have permission to call Session.getActiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email',
    );
    expect(() => world.MailApp.getRemainingDailyQuota()).not.toThrow();
  });

  it('refuses MailApp and ScriptApp without their scopes', () => {
    const world = createGas({ scopes: [SCOPES.userEmail] });
    expect(() => world.MailApp.getRemainingDailyQuota()).toThrow('script.send_mail');
    expect(() => world.ScriptApp.getProjectTriggers()).toThrow('script.scriptapp');
  });

  it('gives a world built from the shipped manifest every scope it checks', () => {
    const world = createGas();
    expect(() => world.Session.getActiveUser().getEmail()).not.toThrow();
    expect(() => world.MailApp.getRemainingDailyQuota()).not.toThrow();
    expect(() => world.ScriptApp.getProjectTriggers()).not.toThrow();
  });
});
