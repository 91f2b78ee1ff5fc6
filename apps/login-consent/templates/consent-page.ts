/**
 * The consent form: who asks, for what, with each scope a checkbox the user may untick. Only the
 * ticked scopes are granted, so the page itself is the record of the decision.
 */
import { html } from '../escape.js';
import { hiddenFields, layout } from './layout.js';

export interface ConsentPageModel {
  challenge: string;
  csrfToken: string;
  clientName: string;
  subject: string;
  scopes: string[];
  audiences: string[];
}

/** Plain words for the scopes a person meets most; others are shown by name only. */
const DESCRIPTIONS: Record<string, string> = {
  openid: 'Confirm who you are',
  offline: 'Stay connected when you are not using it',
  offline_access: 'Stay connected when you are not using it',
  profile: 'See your name',
  email: 'See your email address',
  address: 'See your postal address',
  phone: 'See your phone number',
};

export function consentPage(model: ConsentPageModel): string {
  const scopeRows = model.scopes.map(
    (scope, index) => html`<div class="check">
<input id="scope-${index}" name="grant_scope" type="checkbox" value="${scope}" checked>
<label for="scope-${index}"><code>${scope}</code>${DESCRIPTIONS[scope] ? html` <span class="desc">${DESCRIPTIONS[scope]}</span>` : ''}</label>
</div>
`,
  );
  const body = html`<h1>Authorize ${model.clientName}</h1>
<p class="lead"><strong>${model.clientName}</strong> wants to access your account <strong>${model.subject}</strong>.</p>
<form method="post" action="/consent" class="form">
${hiddenFields(model.challenge, model.csrfToken)}
<fieldset>
<legend>Allow ${model.clientName} to</legend>
${scopeRows.length > 0 ? scopeRows : html`<p class="muted">No scopes were requested.</p>`}
</fieldset>
${model.audiences.length > 0 ? html`<p class="muted">Its tokens will be accepted by: ${model.audiences.join(', ')}</p>` : ''}
<div class="check">
<input id="remember" name="remember" type="checkbox" value="1">
<label for="remember">Remember this decision</label>
</div>
<div class="actions">
<button type="submit" name="submit" value="allow" class="primary">Allow</button>
<button type="submit" name="submit" value="deny" class="secondary">Deny</button>
</div>
</form>`;
  return layout({ title: `Authorize ${model.clientName}`, body });
}
