/**
 * What the user sees when a flow cannot go on: a plain explanation, the OAuth error code for
 * whoever debugs it, and never a stack trace or an internal message.
 */
import { html } from '../escape.js';
import { layout } from './layout.js';

export interface ErrorPageModel {
  title: string;
  message: string;
  /** The admin API's `error` and `error_description`, when it gave them. */
  code?: string;
  description?: string;
}

export function errorPage(model: ErrorPageModel): string {
  const body = html`<h1>${model.title}</h1>
<div class="alert" role="alert">${model.message}</div>
${model.description ? html`<p class="muted">${model.description}</p>` : ''}
${model.code ? html`<p class="muted">Error code: <code>${model.code}</code></p>` : ''}
<p>Go back to the application you came from and start again.</p>`;
  return layout({ title: model.title, body });
}
