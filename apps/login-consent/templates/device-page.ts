/**
 * The device page (RFC 8628 §3.3): the user types the code their TV or terminal shows. A code
 * that came in the link (verification_uri_complete) is filled in, so the user only confirms it;
 * after a wrong code the field stays filled for correction.
 */
import { html } from '../escape.js';
import { hiddenFields, layout } from './layout.js';

export interface DevicePageModel {
  challenge: string;
  csrfToken: string;
  userCode?: string;
  error?: string;
}

export function devicePage(model: DevicePageModel): string {
  const failed = model.error !== undefined;
  const body = html`<h1>Connect a device</h1>
<p class="lead">Enter the code shown on your device.</p>
${failed ? html`<div class="alert" role="alert" id="device-error">${model.error}</div>` : ''}
<form method="post" action="/device" class="form">
${hiddenFields(model.challenge, model.csrfToken)}
<div class="field">
<label for="user_code">Code</label>
<input id="user_code" name="user_code" type="text" autocomplete="one-time-code" autocapitalize="none" spellcheck="false" required autofocus value="${model.userCode ?? ''}"${failed ? html` aria-describedby="device-error" aria-invalid="true"` : ''}>
</div>
<div class="actions">
<button type="submit" name="submit" value="verify" class="primary">Continue</button>
</div>
</form>`;
  return layout({ title: 'Connect a device', body });
}

export function deviceDonePage(): string {
  const body = html`<h1>Your device is connected</h1>
<p class="lead">You can close this page and go back to your device.</p>`;
  return layout({ title: 'Device connected', body });
}
