// The HR page's programs section: the list of programs, the form that creates one, and the form
// that edits a program's settings (general, eligibility of mentors and mentees, hard constraints,
// weights). Mounted by hr.js; the pairing section (hr-pairing.js) sees the same program list.

import { t, has, formatDate, formatNumber, errorText } from './i18n.js';
import { h, clear, heading, describedBy } from './dom.js';
import { alertSlot } from './match-view.js';

const PROGRAM_STATUSES = ['draft', 'open', 'running', 'closed'];
const PROGRAM_MODES = ['cohort', 'shortlist'];
const SCORE_PARTS = ['skills', 'reverseSkills', 'crossDepartment', 'languages', 'availability', 'intent'];
const EMPLOYEE_TYPES = ['employee', 'contractor', 'intern'];
const DEPARTMENT_RULES = ['required_different', 'preferred_different'];
const ELIGIBILITY_SIDES = ['mentor', 'mentee'];
// The server's defaults (pairing/program_settings.h), used when a stored program lacks a setting.
const SETTINGS_DEFAULTS = {
  defaultCapacity: 1, mode: 'cohort', candidatesPerMentee: 50, shortlistResponseHours: 72,
  constraints: {
    minLevelGap: 2, tenureFallbackYears: 5, department: 'preferred_different', sharedLanguageRequired: false,
    minAvailabilityOverlapMinutes: 0, allowRepeatPairs: false,
  },
  weights: { skills: 40, reverseSkills: 15, crossDepartment: 10, languages: 10, availability: 15, intent: 10 },
  eligibility: {
    minLevel: null, maxLevel: null, minTenureYears: null, maxTenureYears: null,
    departments: [], excludeDepartments: [], employeeTypes: [], excludeEmployeeTypes: ['contractor', 'intern'],
  },
};

// The programs section. ctx: api (createApi), id (the page's idFactory), level (its heading level)
// and setStatus (the page's status line). programs: the list shown (shared with the pairing
// section); onChange() after one is created or edited. Each row has an Edit button opening the
// program's settings form under the table.
export function renderPrograms({ api, id, level: sub, setStatus }, result, programs, onChange) {
  const titleId = id('programs-title');
  const sectionStatus = h('div', {
    className: 'tdm-section-status tdm-programs-status', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
  });
  const setSectionStatus = (message, kind = 'info') => {
    sectionStatus.className = `tdm-section-status tdm-programs-status tdm-status-${kind}`;
    sectionStatus.textContent = message || '';
  };
  const loadAlert = alertSlot('tdm-programs-alert');
  const section = h('section', { className: 'tdm-card tdm-programs', attrs: { 'aria-labelledby': titleId } },
    heading(sub, { id: titleId, text: t('hr.programs.title') }), sectionStatus, loadAlert.el);
  const listHolder = h('div', { className: 'tdm-programs-list' });
  const editorHolder = h('div', { className: 'tdm-program-editor' });
  const editButton = (programId) => listHolder.querySelector(`.tdm-program-edit-button[data-program-id="${programId}"]`);
  const renderList = () => {
    clear(listHolder);
    if (result.status !== 'fulfilled') {
      listHolder.append(h('p', { className: 'tdm-notice tdm-notice-error', text: errorText(result.reason) }));
      return;
    }
    if (!programs.length) {
      listHolder.append(h('p', { className: 'tdm-empty', text: t('hr.programs.empty') }));
      return;
    }
    const tbody = h('tbody');
    for (const p of programs) {
      const statusKey = PROGRAM_STATUSES.includes(p.status) ? `hr.programs.status.${p.status}` : null;
      tbody.append(h('tr', { dataset: { programId: String(p.id) } },
        h('th', { attrs: { scope: 'row' }, text: p.name || '' }),
        h('td', { text: formatDate(p.startsOn) }),
        h('td', { text: formatDate(p.endsOn) }),
        h('td', { className: 'tdm-program-status', text: statusKey && has(statusKey) ? t(statusKey) : (p.status || '') }),
        h('td', {}, h('button', {
          type: 'button', className: 'tdm-button tdm-button-small tdm-program-edit-button',
          text: t('hr.programs.edit'), dataset: { programId: String(p.id) },
          attrs: { 'aria-label': t('hr.programs.editLabel', { name: p.name || '' }) },
          on: { click: () => editor.open(p.id) },
        }))));
    }
    listHolder.append(h('div', { className: 'tdm-table-wrap', tabIndex: 0, attrs: { role: 'region', 'aria-labelledby': titleId } },
      h('table', { className: 'tdm-table' },
        h('caption', { className: 'tdm-sr-only', text: t('hr.programs.caption', { count: programs.length }) }),
        h('thead', {}, h('tr', {},
          h('th', { attrs: { scope: 'col' }, text: t('hr.programs.name') }),
          h('th', { attrs: { scope: 'col' }, text: t('hr.programs.startsOn') }),
          h('th', { attrs: { scope: 'col' }, text: t('hr.programs.endsOn') }),
          h('th', { attrs: { scope: 'col' }, text: t('hr.programs.status') }),
          h('th', { attrs: { scope: 'col' }, text: t('hr.programs.actions') }))),
        tbody)));
  };
  const editor = renderProgramEditor({
    holder: editorHolder, loadAlert, setSectionStatus,
    onSaved: (saved) => {
      const i = programs.findIndex((p) => p.id === saved.id);
      if (i >= 0) programs[i] = saved;
      else programs.push(saved);
      renderList();
      onChange();
      setSectionStatus(t('hr.programs.edit.saved', { name: saved.name || '' }), 'success');
      editButton(saved.id)?.focus();
    },
    onClosed: (programId) => editButton(programId)?.focus(),
  });
  renderList();
  section.append(listHolder, editorHolder, renderProgramForm(programs, () => { renderList(); onChange(); }));
  return section;


  // ---- program settings (edit form) -------------------------------------------------------------

  // The edit form of one program's settings, put into `holder` by open(programId) (one at a time):
  // prefilled from GET /api/v1/programs/{id}, saved with PUT (the full program and settings; any
  // setting this form does not know is sent back as received). The server stays the authority: its
  // 400 message is shown in the form's alert and the typed values are kept.
  // onSaved(program) after a save (the form is closed), onClosed(programId) after Cancel.
  function renderProgramEditor({ holder, loadAlert, setSectionStatus, onSaved, onClosed }) {
    let token = 0;
    let departmentsPromise = null;
    // The directory's departments, or null when they cannot be read (the form then takes text).
    const loadDepartments = () => {
      if (!departmentsPromise) {
        departmentsPromise = api.get('/api/v1/departments')
          .then((r) => (r && Array.isArray(r.items) ? r.items.filter((d) => typeof d === 'string' && d) : null))
          .catch(() => { departmentsPromise = null; return null; });
      }
      return departmentsPromise;
    };
    const close = () => {
      token += 1;
      clear(holder);
      holder.removeAttribute('aria-busy');
    };

    async function open(programId) {
      const mine = ++token;
      clear(holder);
      loadAlert.clear();
      holder.setAttribute('aria-busy', 'true');
      setSectionStatus(t('hr.programs.edit.loading'));
      try {
        const [program, departments] = await Promise.all([api.get(`/api/v1/programs/${programId}`), loadDepartments()]);
        if (mine !== token) return;
        setSectionStatus('');
        const form = buildForm(program || {}, departments);
        holder.append(form.el);
        form.focusFirst();
      } catch (e) {
        if (mine !== token) return;
        setSectionStatus('');
        loadAlert.show(e.status === 403 && e.code === 'permission_denied' ? t('hr.forbidden') : errorText(e));
      } finally {
        if (mine === token) holder.removeAttribute('aria-busy');
      }
    }

    function buildForm(program, departments) {
      const original = program.settings && typeof program.settings === 'object' ? program.settings : {};
      const value = (obj, key, fallback) => (obj && obj[key] !== undefined && obj[key] !== null ? obj[key] : fallback);
      const originalSide = (side) => (original.eligibility && original.eligibility[side]) || {};
      const originalConstraints = original.constraints || {};
      const originalWeights = original.weights || {};
      // Every field, by the JSON path the server names in its messages ("settings.weights.skills").
      const fields = new Map();
      const fid = (path) => id(`edit-${path.replace(/[^A-Za-z0-9]+/g, '-')}`);
      const register = (path, record) => {
        fields.set(path, record);
        return record;
      };
      const errorEl = (path) => h('p', { id: `${fid(path)}-error`, className: 'tdm-field-error', hidden: true });
      const hintEl = (path, text) => (text ? h('p', { id: `${fid(path)}-hint`, className: 'tdm-hint', text }) : null);
      const bindHint = (input, hint) => { if (hint) describedBy(input, hint.id, true); };

      // <input> of text, date or number type, with its label, an optional hint and an error slot.
      const inputField = (path, labelText, props, hintText) => {
        const error = errorEl(path);
        const hint = hintEl(path, hintText);
        const input = h('input', { id: fid(path), name: path, ...props });
        bindHint(input, hint);
        register(path, { input, error });
        return h('div', { className: 'tdm-field' }, h('label', { htmlFor: input.id, text: labelText }), hint, error, input);
      };
      // A number: integer or not, at least `min`, empty allowed (null) when `nullable`.
      const numberField = (path, labelText, current, { min = 0, integer = false, nullable = false, hint } = {}) => {
        const el = inputField(path, labelText, {
          type: 'number', min: String(min), step: integer ? '1' : 'any', inputMode: integer ? 'numeric' : 'decimal',
          value: current === null || current === undefined ? '' : String(current),
        }, hint);
        Object.assign(fields.get(path), { number: { min, integer, nullable } });
        return el;
      };
      const selectField = (path, labelText, values, current, labelOf) => {
        const error = errorEl(path);
        const options = values.includes(current) || current === undefined || current === null ? values : [...values, current];
        const select = h('select', { id: fid(path), name: path },
          ...options.map((v) => h('option', { value: v, text: labelOf(v) })));
        select.value = current ?? values[0];
        register(path, { input: select, error });
        return h('div', { className: 'tdm-field' }, h('label', { htmlFor: select.id, text: labelText }), error, select);
      };
      const checkboxField = (path, labelText, checked, { hint, disabled = false } = {}) => {
        const input = h('input', { type: 'checkbox', id: fid(path), name: path, checked: !!checked, disabled });
        const hintP = hint ? h('p', { id: `${fid(path)}-hint`, className: 'tdm-hint', text: hint }) : null;
        bindHint(input, hintP);
        const error = errorEl(path);
        if (!disabled) register(path, { input, error });
        return h('div', { className: 'tdm-choice' }, input, h('label', { htmlFor: input.id, text: labelText }), hintP, error);
      };
      // Keeps the received list (order, spelling) when the chosen set is the same.
      const sameSet = (a, b) => {
        const x = new Set(a);
        const y = new Set(b);
        return x.size === y.size && [...x].every((v) => y.has(v));
      };

      // ---- General
      const range = (min, max) => ({ min: formatNumber(min), max: formatNumber(max) });
      const statusLabel = (v) => (has(`hr.programs.status.${v}`) ? t(`hr.programs.status.${v}`) : v);
      const modeLabel = (v) => (has(`hr.programs.mode.${v}`) ? t(`hr.programs.mode.${v}`) : v);
      const general = h('fieldset', { className: 'tdm-fieldset tdm-program-general' },
        h('legend', { text: t('hr.programs.edit.general') }),
        inputField('name', t('hr.programs.name'), { type: 'text', maxLength: 200, autocomplete: 'off', required: true, value: program.name || '' }),
        h('div', { className: 'tdm-field-row' },
          inputField('startsOn', t('hr.programs.startsOn'), { type: 'date', required: true, value: program.startsOn || '' }),
          inputField('endsOn', t('hr.programs.endsOn'), { type: 'date', required: true, value: program.endsOn || '' })),
        h('div', { className: 'tdm-field-row' },
          selectField('status', t('hr.programs.status'), PROGRAM_STATUSES, program.status || 'draft', statusLabel),
          selectField('settings.mode', t('hr.programs.mode'), PROGRAM_MODES, value(original, 'mode', SETTINGS_DEFAULTS.mode), modeLabel)),
        h('div', { className: 'tdm-field-grid' },
          numberField('settings.shortlistResponseHours', t('hr.programs.shortlistResponseHours'),
            value(original, 'shortlistResponseHours', SETTINGS_DEFAULTS.shortlistResponseHours),
            { min: 1, integer: true, hint: t('hr.programs.shortlistResponseHoursHint', range(1, 720)) }),
          numberField('settings.defaultCapacity', t('hr.programs.defaultCapacity'),
            value(original, 'defaultCapacity', SETTINGS_DEFAULTS.defaultCapacity),
            { min: 1, integer: true, hint: t('hr.programs.defaultCapacityHint', range(1, 10)) }),
          numberField('settings.candidatesPerMentee', t('hr.programs.candidatesPerMentee'),
            value(original, 'candidatesPerMentee', SETTINGS_DEFAULTS.candidatesPerMentee),
            { min: 1, integer: true, hint: t('hr.programs.candidatesPerMenteeHint', range(1, 1000)) })));

      // ---- Eligibility, per side
      const departmentList = (side, key, current) => {
        const path = `settings.eligibility.${side}.${key}`;
        const labelText = t(`hr.programs.eligibility.${key}`);
        const error = errorEl(path);
        if (departments) {
          const options = [...departments];
          for (const d of current) if (!options.includes(d)) options.push(d);
          const hint = hintEl(path, t(key === 'departments' ? 'hr.programs.eligibility.departmentsHint' : 'hr.programs.eligibility.excludeDepartmentsHint'));
          const select = h('select', {
            id: fid(path), name: path, multiple: true, size: Math.min(6, Math.max(3, options.length)),
            className: 'tdm-multi-select',
          }, ...options.map((d) => h('option', { value: d, text: d })));
          for (const o of select.options) o.selected = current.includes(o.value);
          bindHint(select, hint);
          register(path, {
            input: select, error,
            read: () => {
              const chosen = [...select.selectedOptions].map((o) => o.value);
              return sameSet(chosen, current) ? current : chosen;
            },
          });
          return h('div', { className: 'tdm-field' }, h('label', { htmlFor: select.id, text: labelText }), hint, error, select);
        }
        const hint = hintEl(path, t('hr.programs.eligibility.commaHint'));
        const input = h('input', { type: 'text', id: fid(path), name: path, autocomplete: 'off', value: current.join(', ') });
        bindHint(input, hint);
        register(path, {
          input, error,
          read: () => {
            const chosen = input.value.split(',').map((d) => d.trim()).filter(Boolean);
            return sameSet(chosen, current) ? current : chosen;
          },
        });
        return h('div', { className: 'tdm-field' }, h('label', { htmlFor: input.id, text: labelText }), hint, error, input);
      };
      const typeList = (side, key, current, typeValues) => {
        const path = `settings.eligibility.${side}.${key}`;
        const legendId = `${fid(path)}-legend`;
        const hint = hintEl(path, t(`hr.programs.eligibility.${key}Hint`));
        const error = errorEl(path);
        const boxes = typeValues.map((v) => {
          const boxId = `${fid(path)}-${v.replace(/[^A-Za-z0-9]+/g, '-')}`;
          const label = has(`hr.programs.employeeType.${v.toLowerCase()}`) ? t(`hr.programs.employeeType.${v.toLowerCase()}`) : v;
          const checked = current.some((c) => c.toLowerCase() === v.toLowerCase());
          return {
            value: current.find((c) => c.toLowerCase() === v.toLowerCase()) || v,
            input: h('input', { type: 'checkbox', id: boxId, name: path, value: v, checked }),
            label,
          };
        });
        const group = h('fieldset', { className: 'tdm-subgroup tdm-employee-types', attrs: { 'aria-describedby': hint ? hint.id : null } },
          h('legend', { id: legendId, text: t(`hr.programs.eligibility.${key}`) }), hint, error,
          h('ul', { className: 'tdm-checkbox-grid' }, boxes.map((b) => h('li', { className: 'tdm-choice' },
            b.input, h('label', { htmlFor: b.input.id, text: b.label })))));
        register(path, {
          input: boxes[0].input, error, group,
          read: () => {
            const chosen = boxes.filter((b) => b.input.checked).map((b) => b.value);
            return sameSet(chosen, current) ? current : chosen;
          },
        });
        return group;
      };
      const sideFieldset = (side) => {
        const rule = originalSide(side);
        const base = `settings.eligibility.${side}`;
        const list = (key) => (Array.isArray(rule[key]) ? rule[key] : SETTINGS_DEFAULTS.eligibility[key]);
        // The same type choices on both lists: the known types and any other the settings name.
        const typeValues = [...EMPLOYEE_TYPES];
        for (const v of [...list('employeeTypes'), ...list('excludeEmployeeTypes')]) {
          if (!typeValues.some((k) => k.toLowerCase() === String(v).toLowerCase())) typeValues.push(String(v));
        }
        return h('fieldset', { className: `tdm-fieldset tdm-eligibility-side tdm-eligibility-${side}` },
          h('legend', { text: t(`hr.programs.eligibility.${side}`) }),
          h('div', { className: 'tdm-field-grid' },
            numberField(`${base}.minLevel`, t('hr.programs.eligibility.minLevel'), value(rule, 'minLevel', null), { integer: true, nullable: true }),
            numberField(`${base}.maxLevel`, t('hr.programs.eligibility.maxLevel'), value(rule, 'maxLevel', null), { integer: true, nullable: true }),
            numberField(`${base}.minTenureYears`, t('hr.programs.eligibility.minTenureYears'), value(rule, 'minTenureYears', null), { nullable: true }),
            numberField(`${base}.maxTenureYears`, t('hr.programs.eligibility.maxTenureYears'), value(rule, 'maxTenureYears', null), { nullable: true })),
          h('div', { className: 'tdm-field-row' },
            departmentList(side, 'departments', list('departments')),
            departmentList(side, 'excludeDepartments', list('excludeDepartments'))),
          typeList(side, 'employeeTypes', list('employeeTypes'), typeValues),
          typeList(side, 'excludeEmployeeTypes', list('excludeEmployeeTypes'), typeValues));
      };
      const eligibility = h('fieldset', { className: 'tdm-fieldset tdm-program-eligibility' },
        h('legend', { text: t('hr.programs.eligibility.title') }),
        h('p', { className: 'tdm-hint', text: t('hr.programs.eligibility.hint') }),
        ...ELIGIBILITY_SIDES.map(sideFieldset));

      // ---- Hard constraints
      const c = (key) => value(originalConstraints, key, SETTINGS_DEFAULTS.constraints[key]);
      const departmentRulePath = 'settings.constraints.department';
      const currentRule = c('department');
      const ruleValues = DEPARTMENT_RULES.includes(currentRule) ? DEPARTMENT_RULES : [...DEPARTMENT_RULES, currentRule];
      const ruleRadios = ruleValues.map((v) => h('input', {
        type: 'radio', id: `${fid(departmentRulePath)}-${v}`, name: departmentRulePath, value: v, checked: v === currentRule,
      }));
      const ruleError = errorEl(departmentRulePath);
      const ruleGroup = h('fieldset', { className: 'tdm-subgroup tdm-department-rule' },
        h('legend', { text: t('hr.programs.constraints.department') }), ruleError,
        h('div', { className: 'tdm-inline-choices' }, ruleRadios.map((r) => h('div', { className: 'tdm-choice' }, r,
          h('label', { htmlFor: r.id, text: has(`hr.programs.constraints.department.${r.value}`) ? t(`hr.programs.constraints.department.${r.value}`) : r.value })))));
      register(departmentRulePath, {
        input: ruleRadios.find((r) => r.checked) || ruleRadios[0], error: ruleError, group: ruleGroup,
        read: () => (ruleRadios.find((r) => r.checked) || {}).value || currentRule,
      });
      const constraints = h('fieldset', { className: 'tdm-fieldset tdm-program-constraints' },
        h('legend', { text: t('hr.programs.constraints.title') }),
        h('p', { className: 'tdm-hint', text: t('hr.programs.constraints.hint') }),
        checkboxField('settings.constraints.reportingChain', t('hr.programs.constraints.reportingChain'), true,
          { disabled: true, hint: t('hr.programs.constraints.reportingChainHint') }),
        h('div', { className: 'tdm-field-grid' },
          numberField('settings.constraints.minLevelGap', t('hr.programs.constraints.minLevelGap'), c('minLevelGap'), { integer: true }),
          numberField('settings.constraints.tenureFallbackYears', t('hr.programs.constraints.tenureFallbackYears'), c('tenureFallbackYears'),
            { hint: t('hr.programs.constraints.tenureFallbackYearsHint') }),
          numberField('settings.constraints.minAvailabilityOverlapMinutes', t('hr.programs.constraints.minAvailabilityOverlapMinutes'),
            c('minAvailabilityOverlapMinutes'), { integer: true, hint: t('hr.programs.constraints.minAvailabilityOverlapMinutesHint') })),
        ruleGroup,
        checkboxField('settings.constraints.sharedLanguageRequired', t('hr.programs.constraints.sharedLanguageRequired'), c('sharedLanguageRequired')),
        checkboxField('settings.constraints.allowRepeatPairs', t('hr.programs.constraints.allowRepeatPairs'), c('allowRepeatPairs')));

      // ---- Weights
      const total = h('p', { className: 'tdm-weights-total' });
      const weightPath = (part) => `settings.weights.${part}`;
      const updateTotal = () => {
        let sum = 0;
        for (const part of SCORE_PARTS) {
          const v = Number(fields.get(weightPath(part)).input.value);
          if (Number.isFinite(v) && v > 0) sum += v;
        }
        total.textContent = t('hr.programs.weights.total', { points: formatNumber(sum) });
      };
      const weights = h('fieldset', { className: 'tdm-fieldset tdm-program-weights', on: { input: updateTotal } },
        h('legend', { text: t('hr.programs.weights.title') }),
        h('p', { className: 'tdm-hint', text: t('hr.programs.weights.hint', { max: formatNumber(1000) }) }),
        h('div', { className: 'tdm-field-grid' }, SCORE_PARTS.map((part) => numberField(weightPath(part), t(`match.part.${part}`),
          value(originalWeights, part, SETTINGS_DEFAULTS.weights[part])))),
        total);
      updateTotal();

      // ---- Errors, reading, saving
      const titleId = id('program-edit-title');
      const alert = alertSlot('tdm-program-edit-alert');
      const save = h('button', { type: 'submit', className: 'tdm-button tdm-button-primary tdm-program-save', text: t('hr.programs.edit.save') });
      const cancel = h('button', { type: 'button', className: 'tdm-button tdm-program-cancel', text: t('common.cancel') });
      const clearErrors = () => {
        alert.clear();
        for (const f of fields.values()) {
          f.error.hidden = true;
          f.error.textContent = '';
          const target = f.group || f.input;
          if (!f.group) f.input.removeAttribute('aria-invalid');
          describedBy(target, f.error.id, false);
        }
      };
      const showError = (f, message) => {
        f.error.textContent = message;
        f.error.hidden = false;
        if (!f.group) f.input.setAttribute('aria-invalid', 'true');
        describedBy(f.group || f.input, f.error.id, true);
      };
      const readNumber = (f) => {
        const { min, integer, nullable } = f.number;
        const raw = f.input.value.trim();
        const message = t(integer ? 'hr.programs.error.integer' : 'hr.programs.error.number', { min: formatNumber(min) });
        if (f.input.validity.badInput) return { error: message };
        if (raw === '') return nullable ? { value: null } : { error: message };
        const v = Number(raw);
        if (!Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) return { error: message };
        return { value: v };
      };

      // The PUT body: the program as received with the form's values over it. Returns
      // { body, invalid: [[field, message]] }.
      const read = () => {
        const invalid = [];
        const numbers = {};
        for (const [path, f] of fields) {
          if (!f.number) continue;
          const r = readNumber(f);
          if (r.error) invalid.push([f, r.error]);
          else numbers[path] = r.value;
        }
        const text = (path) => fields.get(path).input.value;
        const body = {
          name: text('name').trim(),
          description: typeof program.description === 'string' ? program.description : '',
          startsOn: text('startsOn'), endsOn: text('endsOn'), status: text('status'),
        };
        if (!body.name) invalid.push([fields.get('name'), t('hr.programs.error.name')]);
        const isDate = (d) => /^\d{4}-\d{2}-\d{2}$/.test(d);
        if (!isDate(body.startsOn)) invalid.push([fields.get('startsOn'), t('hr.programs.error.date')]);
        if (!isDate(body.endsOn)) invalid.push([fields.get('endsOn'), t('hr.programs.error.date')]);
        else if (isDate(body.startsOn) && body.endsOn < body.startsOn) invalid.push([fields.get('endsOn'), t('hr.programs.error.order')]);
        for (const side of ELIGIBILITY_SIDES) {
          for (const [lo, hi] of [['minLevel', 'maxLevel'], ['minTenureYears', 'maxTenureYears']]) {
            const a = numbers[`settings.eligibility.${side}.${lo}`];
            const b = numbers[`settings.eligibility.${side}.${hi}`];
            if (a !== undefined && b !== undefined && a !== null && b !== null && b < a) {
              invalid.push([fields.get(`settings.eligibility.${side}.${hi}`), t('hr.programs.error.minMax')]);
            }
          }
        }
        const settings = structuredClone(original);
        settings.mode = text('settings.mode');
        for (const key of ['shortlistResponseHours', 'defaultCapacity', 'candidatesPerMentee']) settings[key] = numbers[`settings.${key}`];
        const eligibilityOut = settings.eligibility && typeof settings.eligibility === 'object' ? settings.eligibility : {};
        for (const side of ELIGIBILITY_SIDES) {
          const rule = eligibilityOut[side] && typeof eligibilityOut[side] === 'object' ? eligibilityOut[side] : {};
          const base = `settings.eligibility.${side}`;
          for (const key of ['minLevel', 'maxLevel', 'minTenureYears', 'maxTenureYears']) rule[key] = numbers[`${base}.${key}`];
          for (const key of ['departments', 'excludeDepartments', 'employeeTypes', 'excludeEmployeeTypes']) rule[key] = fields.get(`${base}.${key}`).read();
          eligibilityOut[side] = rule;
        }
        settings.eligibility = eligibilityOut;
        const constraintsOut = settings.constraints && typeof settings.constraints === 'object' ? settings.constraints : {};
        for (const key of ['minLevelGap', 'tenureFallbackYears', 'minAvailabilityOverlapMinutes']) constraintsOut[key] = numbers[`settings.constraints.${key}`];
        constraintsOut.department = fields.get(departmentRulePath).read();
        constraintsOut.sharedLanguageRequired = fields.get('settings.constraints.sharedLanguageRequired').input.checked;
        constraintsOut.allowRepeatPairs = fields.get('settings.constraints.allowRepeatPairs').input.checked;
        settings.constraints = constraintsOut;
        const weightsOut = settings.weights && typeof settings.weights === 'object' ? settings.weights : {};
        for (const part of SCORE_PARTS) weightsOut[part] = numbers[weightPath(part)];
        settings.weights = weightsOut;
        body.settings = settings;
        return { body, invalid };
      };

      let busy = false;
      const form = h('form', {
        className: 'tdm-form tdm-program-edit', noValidate: true, attrs: { 'aria-labelledby': titleId },
        dataset: { programId: String(program.id) },
        on: {
          submit: async (ev) => {
            ev.preventDefault();
            if (busy) return;
            clearErrors();
            const { body, invalid } = read();
            if (invalid.length) {
              for (const [f, message] of invalid) showError(f, message);
              alert.show(t('hr.programs.edit.fix'));
              invalid[0][0].input.focus();
              return;
            }
            busy = true;
            save.setAttribute('aria-disabled', 'true');
            setSectionStatus(t('common.saving'));
            try {
              const saved = await api.put(`/api/v1/programs/${program.id}`, body);
              close();
              onSaved(saved && typeof saved === 'object' ? saved : { ...program, ...body });
            } catch (e) {
              setSectionStatus('');
              if (e.status === 400) {
                // The message starts with the JSON path of the refused value ("settings.weights.skills must be ...").
                const m = /^([A-Za-z][A-Za-z0-9_.]*):?\s/.exec(e.message || '');
                const f = m ? fields.get(m[1]) : null;
                alert.show(t('hr.programs.edit.refused', { message: e.message || '' }));
                if (f) {
                  showError(f, t('hr.programs.error.refused'));
                  f.input.focus();
                }
              } else {
                alert.show(e.status === 403 && e.code === 'permission_denied' ? t('hr.forbidden') : errorText(e));
              }
            } finally {
              busy = false;
              save.removeAttribute('aria-disabled');
            }
          },
        },
      }, heading(sub + 1, { id: titleId, className: 'tdm-program-edit-title', text: t('hr.programs.edit.title', { name: program.name || '' }) }),
      general, eligibility, constraints, weights, alert.el, h('div', { className: 'tdm-actions' }, save, cancel));
      cancel.addEventListener('click', () => {
        close();
        setSectionStatus('');
        onClosed(program.id);
      });
      return { el: form, focusFirst: () => fields.get('name').input.focus() };
    }

    return { open, close };
  }

  function renderProgramForm(programs, renderList) {
    const titleId = id('program-form-title');
    const field = (key, type, extra = {}) => {
      const inputId = id(`program-${key}`);
      const errorId = id(`program-${key}-error`);
      const input = h('input', { type, id: inputId, name: key, required: true, ...extra });
      const error = h('p', { id: errorId, className: 'tdm-field-error', hidden: true });
      return {
        input, error,
        el: h('div', { className: 'tdm-field' }, h('label', { htmlFor: inputId, text: t(`hr.programs.${key}`) }), error, input),
      };
    };
    const name = field('name', 'text', { maxLength: 200, autocomplete: 'off' });
    const startsOn = field('startsOn', 'date');
    const endsOn = field('endsOn', 'date');
    const fields = { name, startsOn, endsOn };
    // Status (employees see open and running programs) and matching mode (settings.mode).
    const choice = (key, values, labelKey) => {
      const selectId = id(`program-${key}`);
      const select = h('select', { id: selectId, name: key },
        ...values.map((v) => h('option', { value: v, text: t(labelKey(v)) })));
      return { select, el: h('div', { className: 'tdm-field' }, h('label', { htmlFor: selectId, text: t(`hr.programs.${key}`) }), select) };
    };
    const status = choice('status', ['draft', 'open'], (v) => `hr.programs.status.${v}`);
    const mode = choice('mode', ['cohort', 'shortlist'], (v) => `hr.programs.mode.${v}`);
    const submit = h('button', { type: 'submit', className: 'tdm-button tdm-button-primary', text: t('hr.programs.create') });
    const clearErrors = () => {
      for (const f of Object.values(fields)) {
        f.error.hidden = true;
        f.error.textContent = '';
        f.input.removeAttribute('aria-invalid');
        describedBy(f.input, f.error.id, false);
      }
    };
    const showError = (f, message) => {
      f.error.textContent = message;
      f.error.hidden = false;
      f.input.setAttribute('aria-invalid', 'true');
      describedBy(f.input, f.error.id, true);
    };
    let busy = false;
    const form = h('form', {
      className: 'tdm-form tdm-program-form', noValidate: true, attrs: { 'aria-labelledby': titleId },
      on: {
        submit: async (ev) => {
          ev.preventDefault();
          if (busy) return;
          clearErrors();
          const body = {
            name: name.input.value.trim(), description: '',
            startsOn: startsOn.input.value, endsOn: endsOn.input.value,
            status: status.select.value, settings: { mode: mode.select.value },
          };
          const invalid = [];
          if (!body.name) invalid.push([name, t('hr.programs.error.name')]);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(body.startsOn)) invalid.push([startsOn, t('hr.programs.error.date')]);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(body.endsOn)) invalid.push([endsOn, t('hr.programs.error.date')]);
          else if (body.startsOn && body.endsOn < body.startsOn) invalid.push([endsOn, t('hr.programs.error.order')]);
          if (invalid.length) {
            for (const [f, message] of invalid) showError(f, message);
            invalid[0][0].input.focus();
            setStatus(t('hr.programs.error.fix'), 'error');
            return;
          }
          busy = true;
          submit.setAttribute('aria-disabled', 'true');
          setStatus(t('common.saving'));
          try {
            const created = await api.post('/api/v1/programs', body);
            programs.push(created || body);
            renderList();
            form.reset();
            setStatus(t('hr.programs.created', { name: (created && created.name) || body.name }), 'success');
            name.input.focus();
          } catch (e) {
            const f = e.status === 400 && e.field ? fields[e.field] : null;
            if (f) {
              showError(f, e.field === 'name' ? t('hr.programs.error.name') : t('hr.programs.error.date'));
              f.input.focus();
              setStatus(t('hr.programs.error.fix'), 'error');
            } else if (e.status === 400) {
              setStatus(t('hr.programs.error.invalid'), 'error');
            } else {
              setStatus(e.status === 403 && e.code === 'permission_denied' ? t('hr.forbidden') : errorText(e), 'error');
            }
          } finally {
            busy = false;
            submit.removeAttribute('aria-disabled');
          }
        },
      },
    }, heading(sub + 1, { id: titleId, text: t('hr.programs.formTitle') }),
    name.el, h('div', { className: 'tdm-field-row' }, startsOn.el, endsOn.el),
    h('div', { className: 'tdm-field-row' }, status.el, mode.el),
    h('div', { className: 'tdm-actions' }, submit));
    return form;
  }
}
