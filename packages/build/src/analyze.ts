import { parse } from "@babel/parser";
import type * as t from "@babel/types";
import { BuildError } from "./errors.js";
import { codeFeatures } from "./features/code.js";
import { BINDING_NAME } from "./names.js";
import { FEATURE_NAMES, type FeatureName, type RealtimePart } from "dorm/feature-names";
import { realtimeParts } from "./features/realtime.js";
// The runtime's own list (one definition): which options make an object take connections.
import { CONNECTION_OPTIONS, REALTIME_OPTIONS } from "dorm/realtime-options";

export type StorageKind = "sqlite" | "kv";

/** The handlers a definition may have besides `methods`; each becomes a class method. */
export const HANDLERS = ["fetch", "alarm", "webSocketMessage", "webSocketClose", "webSocketError"] as const;
export type Handler = (typeof HANDLERS)[number];

/** Options only the runtime reads; the build accepts them as they are. */
const RUNTIME_OPTIONS = ["sql", "validateState", "memory", "activate", ...REALTIME_OPTIONS] as const;

const OPTIONS = ["init", "methods", "storage", "renamedFrom", "binding", ...HANDLERS, ...RUNTIME_OPTIONS] as const;

/**
 * Method names that cannot be RPC methods: handlers the runtime calls, members every stub or
 * object already has (a method named `then` would make every stub look like a promise), and
 * `ctx`/`env`, which the DurableObject base class sets on the instance.
 */
export const RESERVED_METHOD_NAMES: ReadonlySet<string> = new Set([
  ...HANDLERS,
  "constructor",
  "connect",
  "ctx",
  "env",
  "id",
  "name",
  "dup",
  "then",
  "toJSON",
  "toString",
  "toLocaleString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "__proto__",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
]);

/** Method names dorm's own builds add to the generated classes (the inspector's `__dormInspect`, the test hook) start with it. */
export const RESERVED_PREFIX = "__dorm";

/** What the build needs to know about one object module, read from its source. */
export interface ObjectAnalysis {
  /** RPC methods, in source order. */
  readonly methods: readonly string[];
  readonly handlers: readonly Handler[];
  readonly hasInit: boolean;
  readonly storage: StorageKind;
  readonly renamedFrom: string | null;
  /** `binding: "ROOMS"`: the binding name the definition chooses (else the config's, else the file's). */
  readonly declaredBinding: string | null;
  /** Has `connect`, `messages`, `receive` or `accepted`: the class gets fetch and the WebSocket handlers. */
  readonly realtime: boolean;
  /**
   * The line of `defineDurableObject<State>(...)` when it is given a type argument, else null.
   * TypeScript infers nothing else then: the generated types name the methods themselves.
   */
  readonly typeArgumentLine: number | null;
  /** Optional runtime features the module uses (its options and its code); see features/code.ts. */
  readonly features: readonly FeatureName[];
  /** For an object that takes connections, the parts of realtime its options need (features/realtime.ts). */
  readonly realtimeParts: readonly RealtimePart[];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const CLASS_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

class Reader {
  readonly file: string;
  readonly source: string;
  constructor(file: string, source: string) {
    this.file = file;
    this.source = source;
  }

  error(code: string, message: string, fix: string, node?: t.Node | null): BuildError {
    const start = node?.loc?.start;
    return new BuildError(code, message, fix, {
      file: this.file,
      line: start?.line,
      column: start === undefined ? undefined : start.column + 1,
    });
  }
}

function parseModule(reader: Reader): t.File {
  try {
    return parse(reader.source, { sourceType: "module", plugins: ["typescript"], errorRecovery: false });
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const reason = String((error as Error).message).replace(/\s*\(\d+:\d+\)$/, "");
    throw new BuildError(
      "DORM_SYNTAX_ERROR",
      `${reader.file} does not parse: ${reason}.`,
      "fix the syntax error at this position.",
      { file: reader.file, line: loc?.line, column: loc === undefined ? undefined : loc.column + 1 },
    );
  }
}

/** `x as T`, `x satisfies T`, `(x)`, `x!` → `x`. */
function unwrap(node: t.Expression): t.Expression {
  let current = node;
  for (;;) {
    switch (current.type) {
      case "TSAsExpression":
      case "TSSatisfiesExpression":
      case "TSNonNullExpression":
      case "TSTypeAssertion":
      case "ParenthesizedExpression":
        current = current.expression;
        continue;
      default:
        return current;
    }
  }
}

function keyName(node: t.ObjectMethod | t.ObjectProperty): string | null {
  if (node.computed) return null;
  const key = node.key;
  if (key.type === "Identifier") return key.name;
  if (key.type === "StringLiteral") return key.value;
  return null;
}

/** Local names that refer to `defineDurableObject` from "dorm", and namespace imports of it. */
function definerNames(program: t.Program): { direct: Set<string>; namespaces: Set<string> } {
  const direct = new Set<string>();
  const namespaces = new Set<string>();
  for (const statement of program.body) {
    if (statement.type !== "ImportDeclaration" || statement.source.value !== "dorm") continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type === "ImportNamespaceSpecifier") namespaces.add(specifier.local.name);
      if (specifier.type === "ImportSpecifier") {
        const imported = specifier.imported.type === "Identifier" ? specifier.imported.name : specifier.imported.value;
        if (imported === "defineDurableObject") direct.add(specifier.local.name);
      }
    }
  }
  return { direct, namespaces };
}

function topLevelConst(program: t.Program, name: string): t.Expression | null {
  for (const statement of program.body) {
    const declaration =
      statement.type === "VariableDeclaration"
        ? statement
        : statement.type === "ExportNamedDeclaration" && statement.declaration?.type === "VariableDeclaration"
          ? statement.declaration
          : null;
    if (!declaration) continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === "Identifier" && declarator.id.name === name) {
        return declaration.kind === "const" && declarator.init ? declarator.init : null;
      }
    }
  }
  return null;
}

const DEFINE_FIX = 'export default defineDurableObject({ ... }), with import { defineDurableObject } from "dorm".';

/** The expression the module exports as default, resolved through one `const` if needed. */
function defaultExport(reader: Reader, program: t.Program): t.Expression {
  let exported: t.Node | null = null;
  for (const statement of program.body) {
    if (statement.type === "ExportDefaultDeclaration") exported = statement.declaration;
    if (statement.type === "ExportNamedDeclaration" && !statement.source) {
      for (const specifier of statement.specifiers) {
        if (
          specifier.type === "ExportSpecifier" &&
          (specifier.exported.type === "Identifier" ? specifier.exported.name : specifier.exported.value) === "default"
        ) {
          exported = specifier.local;
        }
      }
    }
  }
  if (!exported) {
    throw reader.error("DORM_NO_DEFAULT_EXPORT", `${reader.file} has no default export; every file in app/objects/ defines one object.`, `add ${DEFINE_FIX} Helpers that are not objects go in files whose name starts with "_".`);
  }
  if (exported.type === "ClassDeclaration" || exported.type === "FunctionDeclaration" || exported.type === "TSDeclareFunction") {
    throw reader.error("DORM_NOT_A_DEFINITION", `the default export of ${reader.file} is a ${exported.type === "ClassDeclaration" ? "class" : "declaration"}, not a defineDurableObject(...) definition.`, `make it ${DEFINE_FIX} dorm generates the class.`, exported);
  }
  let expression = unwrap(exported as t.Expression);
  if (expression.type === "Identifier") {
    const resolved = topLevelConst(program, expression.name);
    if (!resolved) {
      throw reader.error("DORM_NOT_A_DEFINITION", `the default export of ${reader.file} is "${expression.name}", which is not a top-level const made by defineDurableObject(...).`, `write ${DEFINE_FIX}`, expression);
    }
    expression = unwrap(resolved);
  }
  return expression;
}

function definitionOptions(reader: Reader, program: t.Program, expression: t.Expression): { options: t.ObjectExpression; typeArgumentLine: number | null } {
  const { direct, namespaces } = definerNames(program);
  const callee = expression.type === "CallExpression" ? expression.callee : null;
  const isDefiner =
    callee !== null &&
    ((callee.type === "Identifier" && direct.has(callee.name)) ||
      (callee.type === "MemberExpression" &&
        callee.object.type === "Identifier" &&
        namespaces.has(callee.object.name) &&
        !callee.computed &&
        callee.property.type === "Identifier" &&
        callee.property.name === "defineDurableObject"));
  if (!isDefiner || expression.type !== "CallExpression") {
    throw reader.error("DORM_NOT_A_DEFINITION", `the default export of ${reader.file} is not made by defineDurableObject from "dorm".`, `write ${DEFINE_FIX}`, expression);
  }
  const [argument] = expression.arguments;
  // Without Babel's partial-application plugin an argument is an expression or a spread.
  const options = argument && argument.type !== "SpreadElement" ? unwrap(argument as t.Expression) : null;
  if (!options || options.type !== "ObjectExpression") {
    throw reader.error("DORM_DYNAMIC_DEFINITION", `defineDurableObject in ${reader.file} must be called with an object literal, so the build can read its methods.`, "write the options inline: defineDurableObject({ init, methods: { ... } }).", argument ?? expression);
  }
  const typeArguments = expression.typeParameters;
  return { options, typeArgumentLine: typeArguments && typeArguments.params.length > 0 ? (typeArguments.loc?.start.line ?? expression.loc?.start.line ?? 1) : null };
}

function closest(word: string, candidates: readonly string[]): string | null {
  const lower = word.toLowerCase();
  return candidates.find((c) => c.toLowerCase() === lower || c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase())) ?? null;
}

function readMethods(reader: Reader, node: t.Expression): string[] {
  const value = unwrap(node);
  if (value.type !== "ObjectExpression") {
    throw reader.error("DORM_DYNAMIC_METHODS", `"methods" in ${reader.file} must be an object literal, so the build can read the method names.`, "write methods: { name(ctx, ...args) { ... } } inline.", value);
  }
  const names: string[] = [];
  for (const property of value.properties) {
    if (property.type === "SpreadElement") {
      throw reader.error("DORM_DYNAMIC_METHODS", `a spread in "methods" of ${reader.file} hides method names from the build.`, "list each method in the literal (name: importedFunction works).", property);
    }
    const name = keyName(property);
    if (name === null) {
      throw reader.error("DORM_DYNAMIC_METHODS", `a computed method name in ${reader.file} cannot be read by the build.`, "give the method a plain name.", property.key);
    }
    if (property.type === "ObjectMethod" && property.kind !== "method") {
      throw reader.error("DORM_BAD_METHOD", `"${name}" in ${reader.file} is a ${property.kind}ter; methods are functions called over RPC.`, `write ${name}(ctx, ...args) { ... }.`, property.key);
    }
    if (property.type === "ObjectProperty") {
      const v = unwrap(property.value as t.Expression);
      if (v.type !== "ArrowFunctionExpression" && v.type !== "FunctionExpression" && v.type !== "Identifier" && v.type !== "MemberExpression" && v.type !== "CallExpression") {
        throw reader.error("DORM_BAD_METHOD", `"${name}" in methods of ${reader.file} is not a function.`, `write ${name}(ctx, ...args) { ... }; keep data in ctx.state.`, property.value);
      }
    }
    if (name.startsWith(RESERVED_PREFIX)) {
      throw reader.error("DORM_RESERVED_METHOD", `the method name "${name}" in ${reader.file} is reserved: names starting with "${RESERVED_PREFIX}" belong to dorm's test and dev builds.`, "rename the method.", property.key);
    }
    if (RESERVED_METHOD_NAMES.has(name)) {
      const fix = (HANDLERS as readonly string[]).includes(name)
        ? `move it out of "methods" to the top level of the definition: defineDurableObject({ ${name}: ... }).`
        : `rename the method; "${name}" is taken by every Durable Object stub or instance.`;
      throw reader.error("DORM_RESERVED_METHOD", `the method name "${name}" in ${reader.file} is reserved.`, fix, property.key);
    }
    if (!IDENTIFIER.test(name)) {
      throw reader.error("DORM_BAD_METHOD", `the method name "${name}" in ${reader.file} is not a JavaScript identifier.`, "use letters, digits, _ and $, not starting with a digit.", property.key);
    }
    if (names.includes(name)) {
      throw reader.error("DORM_DUPLICATE_METHOD", `the method "${name}" is defined twice in ${reader.file}.`, "remove one of them.", property.key);
    }
    names.push(name);
  }
  return names;
}

function readString(reader: Reader, option: string, node: t.Node): string {
  const value = unwrap(node as t.Expression);
  if (value.type === "StringLiteral") return value.value;
  if (value.type === "TemplateLiteral" && value.expressions.length === 0) return value.quasis[0]?.value.cooked ?? "";
  throw reader.error("DORM_DYNAMIC_OPTION", `"${option}" in ${reader.file} must be a string literal, so the build can read it.`, `write ${option}: "..." inline.`, value);
}

/**
 * Read what the codegen needs from one object module, without running it. Every way the
 * module can be misunderstood is an error that names the file, the line and the fix.
 */
export function analyzeObject(file: string, source: string): ObjectAnalysis {
  const reader = new Reader(file, source);
  const program = parseModule(reader).program;
  const { options, typeArgumentLine } = definitionOptions(reader, program, defaultExport(reader, program));

  let methods: string[] = [];
  const handlers: Handler[] = [];
  let hasInit = false;
  let storage: StorageKind = "sqlite";
  let renamedFrom: string | null = null;
  let declaredBinding: string | null = null;
  let realtime = false;
  let sqlOption: t.Node | null = null;
  /** The realtime options as written (null: an object method), for realtimeParts. */
  const realtimeOptions = new Map<string, t.Node | null>();
  const seen = new Set<string>();
  const features = codeFeatures(source);

  for (const property of options.properties) {
    if (property.type === "SpreadElement") {
      throw reader.error("DORM_DYNAMIC_DEFINITION", `a spread in defineDurableObject({ ... }) of ${reader.file} hides options from the build.`, "write each option in the literal.", property);
    }
    const name = keyName(property);
    if (name === null) {
      throw reader.error("DORM_DYNAMIC_DEFINITION", `a computed option name in ${reader.file} cannot be read by the build.`, `use one of: ${OPTIONS.join(", ")}.`, property.key);
    }
    if (seen.has(name)) {
      throw reader.error("DORM_DUPLICATE_OPTION", `"${name}" is given twice in ${reader.file}.`, "remove one of them.", property.key);
    }
    seen.add(name);
    const value = property.type === "ObjectMethod" ? null : (property.value as t.Expression);
    switch (name) {
      case "methods":
        if (!value) throw reader.error("DORM_DYNAMIC_METHODS", `"methods" in ${reader.file} must be an object literal.`, "write methods: { name(ctx) { ... } }.", property);
        methods = readMethods(reader, value);
        break;
      case "init":
        hasInit = true;
        features.add("state");
        break;
      case "storage": {
        const kind = readString(reader, "storage", value ?? property);
        if (kind !== "sqlite" && kind !== "kv") {
          throw reader.error("DORM_BAD_STORAGE", `storage: "${kind}" in ${reader.file} is not a storage kind.`, 'use "sqlite" (the default) or "kv".', value ?? property);
        }
        storage = kind;
        break;
      }
      case "renamedFrom": {
        const from = readString(reader, "renamedFrom", value ?? property);
        if (!CLASS_NAME.test(from)) {
          throw reader.error("DORM_BAD_RENAME", `renamedFrom: "${from}" in ${reader.file} is not a class name.`, "give the exact class name the object had before (for example \"ChatRoom\").", value ?? property);
        }
        renamedFrom = from;
        break;
      }
      case "binding": {
        const name = readString(reader, "binding", value ?? property);
        if (!BINDING_NAME.test(name)) {
          throw reader.error("DORM_BAD_BINDING", `binding: "${name}" in ${reader.file} is not a binding name.`, 'use an identifier: letters, digits, _ and $, not starting with a digit (for example "ROOMS").', value ?? property);
        }
        declaredBinding = name;
        break;
      }
      default:
        if ((RUNTIME_OPTIONS as readonly string[]).includes(name)) {
          realtime ||= (CONNECTION_OPTIONS as readonly string[]).includes(name);
          if ((REALTIME_OPTIONS as readonly string[]).includes(name)) realtimeOptions.set(name, value);
          if (name === "validateState") features.add("state");
          if (name === "sql") {
            features.add("sqlMigrations");
            sqlOption = property.key;
          }
          break;
        }
        if ((HANDLERS as readonly string[]).includes(name)) {
          handlers.push(name as Handler);
          break;
        }
        {
          const guess = closest(name, OPTIONS);
          throw reader.error(
            "DORM_UNKNOWN_OPTION",
            `"${name}" in ${reader.file} is not an option of defineDurableObject.`,
            guess ? `did you mean "${guess}"? Options are: ${OPTIONS.join(", ")}.` : `options are: ${OPTIONS.join(", ")}; RPC methods go inside methods: { ... }.`,
            property.key,
          );
        }
    }
  }
  if (sqlOption && storage === "kv") {
    throw reader.error(
      "DORM_BAD_DEFINITION",
      `sql.migrations in ${reader.file} needs SQLite storage, and the object is declared with storage: "kv".`,
      'remove storage: "kv" for a new object (SQLite is the default); an existing class cannot change storage kind, so keep its data in ctx.storage instead.',
      sqlOption,
    );
  }
  return {
    methods,
    handlers: HANDLERS.filter((h) => handlers.includes(h)),
    hasInit,
    storage,
    renamedFrom,
    declaredBinding,
    realtime,
    features: FEATURE_NAMES.filter((f) => features.has(f)),
    realtimeParts: realtime
      ? realtimeParts(realtimeOptions, source)
      : [],
    typeArgumentLine,
  };
}
