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
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
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

export function isUnstorableText(value: unknown): boolean {
  return typeof value === 'string' && UNSTORABLE.test(value);
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

/** Whether any value bound by the statement is unstorable: the common case rewrites nothing. */
function bindsUnstorable(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(bindsUnstorable);
  if (typeof node !== 'object' || node === null) return false;
  const kind = (node as OperationNode).kind;
  if (kind === 'ValueNode') return isUnstorableText((node as ValueNode).value);
  if (kind === 'PrimitiveValueListNode') return (node as PrimitiveValueListNode).values.some(isUnstorableText);
  if (typeof kind !== 'string') return false;
  for (const key in node) {
    const child = (node as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null && bindsUnstorable(child)) return true;
  }
  return false;
}

export class UnstorableTextPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (!bindsUnstorable(args.node)) return args.node;
    return new UnstorableTextGuard().transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
