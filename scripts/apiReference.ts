/**
 * What the package exports, read from its sources with the TypeScript compiler API: each component
 * with its type token, constructor, args, outputs and methods; the interfaces declared in components/;
 * the model types and constants it re-exports. And what is not documented: an arg without a doc
 * comment, an optional arg without its `@default`, an output or method without a word.
 */
import * as path from "node:path";
import * as ts from "typescript";

export const ENTRY = "components/index.ts";
/** One property of an args type, or one output of a component. */
export interface Member {
    readonly name: string;
    readonly type: string;
    readonly optional: boolean;
    readonly doc: string;
    readonly defaultText?: string;
    readonly see: readonly string[];
}

export interface ComponentDoc {
    readonly name: string;
    readonly doc: string;
    readonly token: string;
    readonly signature: string;
    readonly argsType?: string;
    readonly outputs: readonly Member[];
    /** Public methods: how they read, what they do, the types of their parameters. */
    readonly methods: readonly { readonly signature: string; readonly doc: string; readonly parameterTypes: string }[];
}

/** What the package exports, read from its sources. */
export interface Exports {
    readonly components: ComponentDoc[];
    /** Interfaces declared in components/, with their properties. */
    readonly interfaces: Map<string, { readonly doc: string; readonly members: Member[] }>;
    /** Types declared in the core (the model's), as written there. */
    readonly modelTypes: Map<string, { readonly doc: string; readonly text: string }>;
    readonly constants: Map<string, string>;
}

/**
 * The declaration files of dependencies, parsed once per process: they are most of a program's
 * (@pulumi/azure-native's types alone are 400,000 lines), and the same files whichever sources are read.
 * A parsed file is immutable and bound once, as TypeScript's language service shares them too.
 */
const libraryFiles = new Map<string, ts.SourceFile>();

/** A compiler host that reads sources afresh and dependencies' declarations from {@link libraryFiles}. */
function hostFor(options: ts.CompilerOptions): ts.CompilerHost {
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
        if (!fileName.includes(`${path.sep}node_modules${path.sep}`) || !fileName.endsWith(".d.ts")) {
            return read(fileName, languageVersion, onError, shouldCreate);
        }
        const key = `${typeof languageVersion === "object" ? languageVersion.languageVersion : languageVersion}:${fileName}`;
        let file = libraryFiles.get(key);
        if (!file) {
            file = read(fileName, languageVersion, onError, shouldCreate);
            if (file) {
                libraryFiles.set(key, file);
            }
        }
        return file;
    };
    return host;
}

export function readExports(root: string): Exports {
    const config = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const compilerOptions = { ...options, noEmit: true };
    const program = ts.createProgram({ rootNames: [path.join(root, ENTRY)], options: compilerOptions, host: hostFor(compilerOptions) });
    const checker = program.getTypeChecker();
    const entry = program.getSourceFile(path.join(root, ENTRY)) as ts.SourceFile;
    const exported: Exports = { components: [], interfaces: new Map(), modelTypes: new Map(), constants: new Map() };
    const symbols = checker.getExportsOfModule(checker.getSymbolAtLocation(entry) as ts.Symbol);
    for (const alias of symbols.sort((a, b) => a.name.localeCompare(b.name))) {
        const symbol = alias.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(alias) : alias;
        const declaration = symbol.declarations?.[0];
        const doc = ts.displayPartsToString(symbol.getDocumentationComment(checker));
        const inComponents =
            declaration !== undefined && path.relative(root, declaration.getSourceFile().fileName).startsWith("components");
        if (declaration && ts.isClassDeclaration(declaration)) {
            exported.components.push(componentOf(alias.name, declaration, doc, checker));
        } else if (declaration && ts.isInterfaceDeclaration(declaration) && inComponents) {
            exported.interfaces.set(alias.name, { doc, members: membersOf(checker.getDeclaredTypeOfSymbol(symbol), checker) });
        } else if (declaration && (ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration))) {
            exported.modelTypes.set(alias.name, { doc, text: declaration.getText() });
        } else if (declaration && ts.isVariableDeclaration(declaration)) {
            exported.constants.set(alias.name, doc);
        }
    }
    return exported;
}

/** A component class: its token (`super`'s first argument), its constructor, its public outputs and methods. */
function componentOf(name: string, declaration: ts.ClassDeclaration, doc: string, checker: ts.TypeChecker): ComponentDoc {
    const ctor = declaration.members.find(ts.isConstructorDeclaration);
    const parameters = ctor?.parameters ?? ts.factory.createNodeArray();
    const argsParameter = parameters.find((p) => p.name.getText() === "args");
    const superCall = ctor?.body?.statements
        .map((s) => (ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) ? s.expression : undefined))
        .find((c) => c?.expression.kind === ts.SyntaxKind.SuperKeyword);
    const token = superCall?.arguments[0] ? checker.getTypeAtLocation(superCall.arguments[0]) : undefined;
    const hidden = ts.ModifierFlags.NonPublicAccessibilityModifier | ts.ModifierFlags.Static;
    const isPublic = (m: ts.ClassElement) => (ts.getCombinedModifierFlags(m as ts.Declaration) & hidden) === 0;
    const docOf = (m: ts.ClassElement) =>
        ts.displayPartsToString(checker.getSymbolAtLocation(m.name as ts.Node)?.getDocumentationComment(checker));
    return {
        name,
        doc,
        token: token?.isStringLiteral() ? token.value : "",
        signature: `new ${name}(${parameters.map((p) => `${p.name.getText()}${p.questionToken ? "?" : ""}${p.name.getText() === "args" ? `: ${p.type?.getText()}` : ""}`).join(", ")})`,
        argsType: argsParameter?.type?.getText(),
        outputs: declaration.members
            .filter((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && isPublic(m))
            .map((m) => ({ name: m.name.getText(), type: m.type?.getText() ?? "", optional: false, doc: docOf(m), see: [] })),
        methods: declaration.members
            .filter((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && isPublic(m))
            .map((m) => ({
                signature: `${m.name.getText()}(${m.parameters.map((p) => `${p.name.getText()}${p.questionToken || p.initializer ? "?" : ""}`).join(", ")})`,
                doc: docOf(m),
                parameterTypes: m.parameters.map((p) => p.type?.getText() ?? "").join(", "),
            })),
    };
}

/** Every property of an args type, inherited ones included, with its doc comment and tags. */
function membersOf(type: ts.Type, checker: ts.TypeChecker): Member[] {
    return checker.getPropertiesOfType(type).map((p) => {
        const declaration = p.declarations?.[0];
        const written = declaration && ts.isPropertySignature(declaration) ? declaration.type?.getText() : undefined;
        // What a reader cannot resolve by eye (an enumeration's `typeof X[number]`, an indexed type) is spelled out.
        const resolved = checker.typeToString(checker.getTypeOfSymbol(p), undefined, ts.TypeFormatFlags.NoTruncation);
        const tags = p.getJsDocTags(checker);
        const tag = (name: string) => tags.filter((t) => t.name === name).map((t) => ts.displayPartsToString(t.text).trim());
        return {
            name: p.name,
            type: written && !/typeof |\["/.test(written) ? written : resolved.replace(/ \| undefined$/, ""),
            optional: (p.flags & ts.SymbolFlags.Optional) !== 0,
            doc: ts.displayPartsToString(p.getDocumentationComment(checker)).trim(),
            defaultText: tag("default")[0],
            see: tag("see"),
        };
    });
}

export const isArgsOfComponent = (type: string, exported: Exports) => exported.components.some((c) => c.argsType === type);

/**
 * The types a person writes: each component's args, and every args type reachable from their
 * properties and from the components' methods (named in their types).
 */
export function argsTypes(exported: Exports): Set<string> {
    const names = new Set(exported.components.flatMap((c) => (c.argsType ? [c.argsType] : [])));
    const mentioned = (text: string) => [...exported.interfaces.keys()].filter((n) => new RegExp(`\\b${n}\\b`).test(text));
    const add = (text: string) => {
        for (const n of mentioned(text)) {
            names.add(n);
        }
    };
    for (const m of exported.components.flatMap((c) => c.methods)) {
        add(m.parameterTypes);
    }
    for (const name of names) {
        for (const m of exported.interfaces.get(name)?.members ?? []) {
            add(m.type);
        }
    }
    return names;
}

export function checkDocumented(exported: Exports, inputs: ReadonlySet<string>): string[] {
    const problems = exported.components.filter((c) => !c.doc).map((c) => `${c.name} has no doc comment`);
    for (const c of exported.components) {
        problems.push(...c.outputs.filter((o) => !o.doc).map((o) => `${c.name}.${o.name} (an output) has no doc comment`));
        problems.push(...c.methods.filter((m) => !m.doc).map((m) => `${c.name}.${m.signature} has no doc comment`));
    }
    for (const name of inputs) {
        const type = exported.interfaces.get(name);
        if (!type) {
            problems.push(`${name} is not exported from ${ENTRY}, or not declared in components/`);
            continue;
        }
        for (const m of type.members) {
            if (!m.doc) {
                problems.push(`${name}.${m.name} has no doc comment`);
            }
            if (m.optional && m.defaultText === undefined) {
                problems.push(`${name}.${m.name} is optional but says no @default`);
            }
            if (!m.optional && m.defaultText !== undefined) {
                problems.push(`${name}.${m.name} is required but says a @default`);
            }
        }
    }
    return problems;
}
