// A stand-in for office.js in the task pane end-to-end test: a small `Office` and a
// small `Excel` over an in-page workbook (window.__workbook), with just the calls the
// add-in makes. Unlike the unit-test fake it does not police load()/sync(); the
// office-addin-mock tests do that. It records selections and writes so the test can
// look at them. Office.context carries the theme and display language the test
// chose (window.__officeTheme, window.__displayLanguage); without them, officeTheme is
// absent, as in a host that has none, and the display language is en-US.
(() => {
  const workbook = { sheets: window.__initialSheets || {}, selected: null, writes: [] };
  window.__workbook = workbook;
  function cell(sheet, r, c) {
    const row = (workbook.sheets[sheet] || [])[r];
    return row && row[c] !== undefined ? row[c] : '';
  }
  function letters(c) {
    let s = '';
    for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  }
  function parse(address) {
    const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(address.replace(/^.*!/, ''));
    const col = (t) => [...t].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const r = Number(m[2]) - 1;
    const c = col(m[1]);
    return [r, c, m[4] ? Number(m[4]) - r : 1, m[3] ? col(m[3]) - c + 1 : 1];
  }
  function range(sheet, r, c, h, w) {
    const grid = () => Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => cell(sheet, r + i, c + j)));
    const target = {
      rowIndex: r,
      columnIndex: c,
      worksheet: { name: sheet, load() {} },
      load() {},
      select() {
        workbook.selected = `${sheet}!${letters(c)}${r + 1}`;
      },
      get values() {
        return grid();
      },
      set values(data) {
        workbook.writes.push({ sheet, r, c, data });
        workbook.sheets[sheet] = workbook.sheets[sheet] || [];
        const rows = workbook.sheets[sheet];
        data.forEach((line, i) => {
          line.forEach((v, j) => {
            if (v === null) return;
            while (rows.length <= r + i) rows.push([]);
            rows[r + i][c + j] = v;
          });
        });
      },
      set formulas(data) {
        target.values = data;
      },
      set numberFormat(_) {},
    };
    return target;
  }
  function used(sheet) {
    const rows = workbook.sheets[sheet] || [];
    const width = Math.max(1, ...rows.map((row) => row.length));
    return range(sheet, 0, 0, Math.max(rows.length, 1), width);
  }
  function sheetObject(name) {
    const exists = Object.hasOwn(workbook.sheets, name);
    return {
      name,
      isNullObject: !exists,
      load() {},
      activate() {},
      getUsedRange: () => used(name),
      getRangeByIndexes: (r, c, h, w) => range(name, r, c, h, w),
      getRange: (address) => range(name, ...parse(address)),
      freezePanes: { freezeRows() {} },
      onChanged: { add() {} },
    };
  }
  const context = {
    workbook: {
      worksheets: {
        getItemOrNullObject: sheetObject,
        getItem: sheetObject,
        add(name) {
          // Excel reserves "History" (and refuses it in any case); fail loudly as it does.
          if (String(name).toLowerCase() === 'history') throw new Error(`InvalidArgument: Excel reserves the sheet name ${name}`);
          workbook.sheets[name] = [];
          return sheetObject(name);
        },
      },
      getActiveCell: () => range('Deals', 1, 0, 1, 1),
    },
    runtime: { enableEvents: true },
    sync: () => Promise.resolve(),
  };
  window.Excel = { run: (batch) => batch(context) };
  window.Office = {
    onReady(callback) {
      return new Promise((resolve) =>
        setTimeout(() => {
          if (callback) callback({ host: 'Excel', platform: 'OfficeOnline' });
          resolve({ host: 'Excel' });
        }, 0),
      );
    },
    // https://learn.microsoft.com/en-us/javascript/api/office/office.context:
    // displayLanguage is an RFC 1766 tag; officeTheme may be absent.
    context: { displayLanguage: window.__displayLanguage || 'en-US', officeTheme: window.__officeTheme },
    actions: { associate() {} },
    addin: { showAsTaskpane: () => Promise.resolve(), setStartupBehavior: () => Promise.resolve() },
    StartupBehavior: { load: 'Load', none: 'None' },
  };
})();
