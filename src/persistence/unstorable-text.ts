/**
 * Text no database of ours can hold: a NUL character (PostgreSQL refuses 0x00 in text: "invalid
 * byte sequence for encoding UTF8") or an unpaired UTF-16 surrogate (not UTF-8 at all; each
 * driver silently turns it into U+FFFD, so that "a\uD800" would be stored, or found, as "a\uFFFD").
 * Such text reaches a statement from a client's percent-encoded parameter, a Basic credential or
 * a JSON escape.
 *
 * Since no stored row can contain it, a lookup by such a value matches nothing, on every dialect
 * alike: `col = v` is false, `col <> v` true, and it is left out of `col IN (...)`, so that a
 * batch of coalesced reads (batched-reader.ts) still answers everyone else in it. Anything else
 * that would bind it (a write, a range or LIKE comparison) fails with UnstorableTextError, which
 * the error renderer answers with 400 invalid_request.
 */
import {
  BinaryOperationNode,
  OperationNodeTransformer,
  OperatorNode,
  PrimitiveValueListNode,
  ValueListNode,
  ValueNode,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryCompiler,
  type QueryId,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

export class UnstorableTextError extends Error {
  readonly code = 'TESSERA_UNSTORABLE_TEXT';
  constructor() {
    super('A value contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored.');
    this.name = 'UnstorableTextError';
  }
}

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Any NUL or surrogate at all: a cheap first test that almost every value fails. */
const SUSPECT = /[\0\uD800-\uDFFF]/;

export function isUnstorableText(value: unknown): boolean {
  return typeof value === 'string' && SUSPECT.test(value) && UNSTORABLE.test(value);
}

export const isUnstorableTextError = (error: unknown): error is UnstorableTextError => error instanceof UnstorableTextError;

const constant = (truth: boolean) =>
  BinaryOperationNode.create(ValueNode.createImmediate(1), OperatorNode.create('='), ValueNode.createImmediate(truth ? 1 : 0));

const EQUAL = new Set(['=', '==', 'is']);
const NOT_EQUAL = new Set(['<>', '!=', 'is not']);

class UnstorableTextGuard extends OperationNodeTransformer {
  protected override transformBinaryOperation(node: BinaryOperationNode, queryId?: QueryId): BinaryOperationNode {
    const operator = OperatorNode.is(node.operator) ? node.operator.operator : '';
    const right = node.rightOperand;
    if (ValueNode.is(right) && isUnstorableText(right.value)) {
      if (EQUAL.has(operator)) return constant(false);
      if (NOT_EQUAL.has(operator)) return constant(true);
    }
    if (operator === 'in' || operator === 'not in') {
      const values = PrimitiveValueListNode.is(right) ? right.values : ValueListNode.is(right) ? right.values.map((v) => (ValueNode.is(v) ? v.value : v)) : undefined;
      if (values?.some(isUnstorableText)) {
        const kept = values.filter((value) => !isUnstorableText(value));
        if (kept.length === 0) return constant(operator === 'not in');
        const list = PrimitiveValueListNode.is(right) ? PrimitiveValueListNode.create(kept) : ValueListNode.create((right as ValueListNode).values.filter((v) => !(ValueNode.is(v) && isUnstorableText(v.value))));
        return super.transformBinaryOperation(BinaryOperationNode.create(node.leftOperand, node.operator, list), queryId);
      }
    }
    return super.transformBinaryOperation(node, queryId);
  }

  protected override transformValue(node: ValueNode, queryId?: QueryId): ValueNode {
    if (isUnstorableText(node.value)) throw new UnstorableTextError();
    return super.transformValue(node, queryId);
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode, queryId?: QueryId): PrimitiveValueListNode {
    if (node.values.some(isUnstorableText)) throw new UnstorableTextError();
    return super.transformPrimitiveValueList(node, queryId);
  }
}

/**
 * The dialect with the guard in front of its connections. The check runs on the compiled
 * statement's parameters, a flat scan that costs next to nothing; only a statement that binds an
 * unstorable value is rewritten (UnstorableTextGuard) and compiled again.
 */
export function guardUnstorableText(dialect: Dialect): Dialect {
  const compiler = dialect.createQueryCompiler();
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => new GuardedDriver(dialect.createDriver(), compiler),
  };
}

class GuardedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly compiler: QueryCompiler,
  ) {}

  private guarded<R>(compiled: CompiledQuery): CompiledQuery<R> {
    if (!compiled.parameters.some(isUnstorableText)) return compiled as CompiledQuery<R>;
    return this.compiler.compileQuery(new UnstorableTextGuard().transformNode(compiled.query, compiled.queryId), compiled.queryId) as CompiledQuery<R>;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return this.inner.executeQuery<R>(this.guarded<R>(compiled));
  }

  streamQuery<R>(compiled: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(this.guarded<R>(compiled), chunkSize);
  }
}

/** Every driver call gets the driver's own connection back; statements go through the guard. */
class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly compiler: QueryCompiler,
  ) {
    const savepoints = ['savepoint', 'rollbackToSavepoint', 'releaseSavepoint'] as const;
    for (const name of savepoints) {
      const method = inner[name];
      if (method) this[name] = (connection, savepoint, compile) => method.call(inner, unwrap(connection), savepoint, compile);
    }
  }

  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  init = () => this.inner.init();
  acquireConnection = async () => new GuardedConnection(await this.inner.acquireConnection(), this.compiler);
  beginTransaction = (connection: DatabaseConnection, settings: TransactionSettings) => this.inner.beginTransaction(unwrap(connection), settings);
  commitTransaction = (connection: DatabaseConnection) => this.inner.commitTransaction(unwrap(connection));
  rollbackTransaction = (connection: DatabaseConnection) => this.inner.rollbackTransaction(unwrap(connection));
  releaseConnection = (connection: DatabaseConnection) => this.inner.releaseConnection(unwrap(connection));
  destroy = () => this.inner.destroy();
}

const unwrap = (connection: DatabaseConnection) => (connection instanceof GuardedConnection ? connection.inner : connection);
