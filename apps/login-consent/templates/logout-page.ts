/**
 * Logout confirmation, and the page shown when the user chose to stay signed in. Asking first
 * keeps a stray link from signing anyone out.
 */
import { html } from '../escape.js';
import { hiddenFields, layout } from './layout.js';

export interface LogoutPageModel {
  challenge: string;
  csrfToken: string;
  subject?: string;
  clientName?: string;
}

export function logoutPage(model: LogoutPageModel): string {
  const who = model.subject ? html` as <strong>${model.subject}</strong>` : '';
  const body = html`<h1>Sign out?</h1>
<p class="lead">You are signed in${who}.</p>
${model.clientName ? html`<p><strong>${model.clientName}</strong> asked to sign you out.</p>` : ''}
<form method="post" action="/logout" class="form">
${hiddenFields(model.challenge, model.csrfToken)}
<div class="actions">
<button type="submit" name="submit" value="yes" class="primary">Sign out</button>
<button type="submit" name="submit" value="no" class="secondary">Stay signed in</button>
</div>
</form>`;
  return layout({ title: 'Sign out', body });
}

export function stayedSignedInPage(): string {
  const body = html`<h1>You are still signed in</h1>
<p class="lead">Nothing changed. You can close this page.</p>`;
  return layout({ title: 'Still signed in', body });
}
