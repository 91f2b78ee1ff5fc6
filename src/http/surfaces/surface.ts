/**
 * The two listeners as two types, so that the compiler keeps each route on its surface: an admin
 * route module takes an `AdminApp`, a public one a `PublicApp`, and registering either on the
 * other listener does not compile (Hydra's `x.RouterPublic` / `x.RouterAdmin`, which keep its
 * admin handlers off the public port the same way). Only buildPublicApp and buildAdminApp brand
 * an instance (the brand exists only in the type system: at run time an app is a plain Fastify
 * instance); test/http/surfaces.test.ts proves the refusal with `@ts-expect-error`.
 */
import type { FastifyInstance } from 'fastify';

declare const surface: unique symbol;

/** The public listener (4444): OAuth 2.0 and OpenID Connect endpoints for browsers and clients. */
export type PublicApp = FastifyInstance & { readonly [surface]: 'public' };

/** The admin listener (4445): everything under /admin, for the operator's own services. */
export type AdminApp = FastifyInstance & { readonly [surface]: 'admin' };

/** Either listener: for what both serve (the health routes). */
export type AnyApp = PublicApp | AdminApp;
