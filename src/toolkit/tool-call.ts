/**
 * One tool call of a step, run to a result: the tool looked up by name, the arguments parsed
 * and validated, the approval hook asked, `execute` run. Every failure becomes an error result
 * the model can see (or a `ToolCallError` in `toolErrors: 'throw'` mode).
 */
import type { ChatMessage, ToolCall } from '../types';
import { ToolCallError, type ToolFailureKind } from './errors';
import type { ApprovalHook, ToolFailure, ToolResult, ToolRunControls } from './run-types';
import { formatIssues, validateSchema, type SchemaIssue } from './schema';
import type { RunnableTool } from './tool';

/** What every call of a run shares. */
export interface CallRunner {
  byName: ReadonlyMap<string, RunnableTool>;
  approve: ApprovalHook | undefined;
  toolErrors: NonNullable<ToolRunControls['toolErrors']>;
  signal: AbortSignal;
}

/** Runs one call to a result. Rejects only in `toolErrors: 'throw'` mode. */
export async function runCall(runner: CallRunner, toolCall: ToolCall, context: { step: number; messages: readonly ChatMessage[] }): Promise<ToolResult> {
  const name = toolCall.function.name;
  const fail = (kind: ToolFailureKind, message: string, extra: { issues?: readonly SchemaIssue[]; error?: unknown } = {}): ToolResult => {
    const failure: ToolFailure = { kind, message, toolCall, issues: extra.issues ?? [], ...('error' in extra ? { error: extra.error } : {}) };
    const { toolErrors } = runner;
    if (toolErrors === 'throw' && kind !== 'denied') throw new ToolCallError(kind, message, toolCall, { cause: extra.error, issues: failure.issues });
    const content = typeof toolErrors === 'function' ? toolErrors(failure) : JSON.stringify({ error: message });
    return { toolCall, name, content, status: kind === 'denied' ? 'denied' : 'error', failure };
  };

  const tool = runner.byName.get(name);
  if (!tool) {
    const known = [...runner.byName.keys()];
    return fail('unknown_tool', `There is no tool named "${name}". Available tools: ${known.length > 0 ? known.join(', ') : 'none'}.`);
  }
  let args: unknown;
  try {
    const text = toolCall.function.arguments ?? '';
    // A tool without parameters may be called with empty arguments.
    args = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    return fail('invalid_arguments', `The arguments of ${name} are not valid JSON (${error instanceof Error ? error.message : String(error)}).`, { error });
  }
  if (tool.parameters !== undefined) {
    const checked = await validateSchema(tool.parameters, args);
    if (!checked.success) {
      return fail('invalid_arguments', `The arguments of ${name} do not match its schema:\n${formatIssues(checked.issues)}`, { issues: checked.issues });
    }
    args = checked.value;
  }
  if (runner.approve) {
    const verdict = await runner.approve({ toolCall, tool, args, step: context.step });
    if (verdict !== true) {
      return fail('denied', `The call to ${name} was denied${typeof verdict === 'string' && verdict !== '' ? `: ${verdict}` : '.'}`);
    }
  }
  let output: unknown;
  try {
    output = await tool.execute(args, { signal: runner.signal, toolCallId: toolCall.id, step: context.step, messages: context.messages });
  } catch (error) {
    return fail('execution', `${name} failed: ${error instanceof Error ? error.message : String(error)}`, { error });
  }
  let content: string;
  try {
    content = typeof output === 'string' ? output : (JSON.stringify(output ?? null) ?? 'null');
  } catch (error) {
    return fail('execution', `${name} returned a value that cannot be sent as JSON (${error instanceof Error ? error.message : String(error)}).`, { error });
  }
  return { toolCall, name, content, status: 'ok', output };
}
