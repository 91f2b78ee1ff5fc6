/**
 * The sign-in form. After a failed attempt the email stays filled in and the focus goes to the
 * password, so the user retypes only what was probably wrong.
 */
import { html } from '../escape.js';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../demo-account.js';
import { hiddenFields, layout } from './layout.js';

export interface LoginPageModel {
  challenge: string;
  csrfToken: string;
  clientName: string;
  email?: string;
  error?: string;
}

export function loginPage(model: LoginPageModel): string {
  const failed = model.error !== undefined;
  const body = html`<h1>Sign in</h1>
<p class="lead">to continue to <strong>${model.clientName}</strong></p>
${failed ? html`<div class="alert" role="alert" id="login-error">${model.error}</div>` : ''}
<form method="post" action="/login" class="form">
${hiddenFields(model.challenge, model.csrfToken)}
<div class="field">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${model.email ?? ''}"${failed ? '' : html` autofocus`}${failed ? html` aria-describedby="login-error" aria-invalid="true"` : ''}>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${failed ? html` autofocus aria-describedby="login-error" aria-invalid="true"` : ''}>
</div>
<div class="check">
<input id="remember" name="remember" type="checkbox" value="1">
<label for="remember">Remember me on this device</label>
</div>
<div class="actions">
<button type="submit" name="submit" value="login" class="primary">Sign in</button>
<button type="submit" name="submit" value="deny" class="secondary" formnovalidate>Deny access</button>
</div>
</form>
<aside class="hint" aria-label="Demo account">
<p>This demo knows one account: <code>${DEMO_EMAIL}</code> with the password <code>${DEMO_PASSWORD}</code>.</p>
</aside>`;
  return layout({ title: 'Sign in', body });
}
