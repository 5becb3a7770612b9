import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    argsTypes,
    type ComponentDoc,
    checkDocumented,
    type Exports,
    isArgsOfComponent,
    type Member,
    readExports,
} from "../../scripts/apiReference";
import { tempDir } from "../support/temp";

/**
 * A package of one component, `Widget`, as small as the compiler reads fast (no lib): documented args
 * but one, a private and a static member, a method without a doc comment, a model type and a constant.
 */
const SOURCES: Readonly<Record<string, string>> = {
    "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, noLib: true, types: [] } }),
    "components/base.ts": "export class Component {\n    constructor(_token: string, _name: string) {}\n}\n",
    "core/model.ts": "/** What the model holds. */\nexport interface Model {\n    readonly size: number;\n}\n",
    "components/index.ts": [
        'export { Widget, type WidgetArgs, type WidgetStyle, type Unrelated, WIDGET_DEFAULTS } from "./widget";',
        'export type { Model } from "../core/model";',
        "",
    ].join("\n"),
    "components/widget.ts": `import { Component } from "./base";
import type { Model } from "../core/model";

/** Defaults of a widget. */
export const WIDGET_DEFAULTS = { size: 1 };

/** How a widget looks. */
export interface WidgetStyle {
    /** Its colour. @default "grey" */
    readonly colour?: string;
}

/** Nothing a widget takes. */
export interface Unrelated {
    readonly x: number;
}

export interface WidgetArgs {
    /** The model it shows. */
    readonly model: Model;
    /**
     * How big.
     * @default WIDGET_DEFAULTS.size
     * @see https://example.com/size
     */
    readonly size?: number;
    readonly style?: WidgetStyle;
}

/** A widget. */
export class Widget extends Component {
    /** Its name. */
    public readonly label: string;
    private readonly secret = 1;
    static count = 0;

    constructor(name: string, args: WidgetArgs, opts?: object) {
        super("helm-platform:widget:Widget", name);
        this.label = name + this.secret;
    }

    /** Grows it. */
    grow(by: number, why?: string): void {}

    shrink(): void {}
}
`,
};

let read: Exports | undefined;
/** The exports of {@link SOURCES}, read once. */
function exportsOfSources(): Exports {
    if (!read) {
        const root = tempDir("api-reference-");
        for (const [file, text] of Object.entries(SOURCES)) {
            fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
            fs.writeFileSync(path.join(root, file), text);
        }
        read = readExports(root);
    }
    return read;
}

const member = (name: string, more: Partial<Member> = {}): Member => ({
    name,
    type: "string",
    optional: false,
    doc: `The ${name}.`,
    see: [],
    ...more,
});
const component = (name: string, more: Partial<ComponentDoc> = {}): ComponentDoc => ({
    name,
    doc: `A ${name}.`,
    token: `helm-platform:x:${name}`,
    signature: `new ${name}(name, args: ${name}Args, opts?)`,
    argsType: `${name}Args`,
    outputs: [],
    methods: [],
    ...more,
});
const exportsOf = (components: ComponentDoc[], interfaces: Record<string, Member[]>): Exports => ({
    components,
    interfaces: new Map(Object.entries(interfaces).map(([n, members]) => [n, { doc: "", members }])),
    modelTypes: new Map(),
    constants: new Map(),
});

describe("the package's exports read from its sources (scripts/apiReference.ts)", () => {
    describe("readExports", () => {
        it("GIVEN a component THEN its token, constructor, args type, public outputs and methods, each with its doc", () => {
            assert.deepEqual(exportsOfSources().components, [
                {
                    name: "Widget",
                    doc: "A widget.",
                    token: "helm-platform:widget:Widget",
                    signature: "new Widget(name, args: WidgetArgs, opts?)",
                    argsType: "WidgetArgs",
                    outputs: [{ name: "label", type: "string", optional: false, doc: "Its name.", see: [] }],
                    methods: [
                        { signature: "grow(by, why?)", doc: "Grows it.", parameterTypes: "number, string" },
                        { signature: "shrink()", doc: "", parameterTypes: "" },
                    ],
                },
            ]);
        });

        it("GIVEN interfaces of components/ THEN each property with its type, whether optional, its doc, @default and @see", () => {
            const args = exportsOfSources().interfaces.get("WidgetArgs");
            assert.deepEqual(args?.members, [
                { name: "model", type: "Model", optional: false, doc: "The model it shows.", defaultText: undefined, see: [] },
                {
                    name: "size",
                    type: "number",
                    optional: true,
                    doc: "How big.",
                    defaultText: "WIDGET_DEFAULTS.size",
                    see: ["https://example.com/size"],
                },
                { name: "style", type: "WidgetStyle", optional: true, doc: "", defaultText: undefined, see: [] },
            ]);
            assert.deepEqual([...exportsOfSources().interfaces.keys()], ["Unrelated", "WidgetArgs", "WidgetStyle"]);
        });

        it("GIVEN a type declared outside components/ and a constant THEN a model type as written, and a constant with its doc", () => {
            const { modelTypes, constants } = exportsOfSources();
            assert.deepEqual(
                [...modelTypes],
                [["Model", { doc: "What the model holds.", text: "export interface Model {\n    readonly size: number;\n}" }]],
            );
            assert.deepEqual([...constants], [["WIDGET_DEFAULTS", "Defaults of a widget."]]);
        });

        it("GIVEN the exports read THEN the types a person writes are the args and what they use, and their gaps are problems", () => {
            const exported = exportsOfSources();
            const inputs = argsTypes(exported);
            assert.deepEqual([...inputs].sort(), ["WidgetArgs", "WidgetStyle"]);
            assert.deepEqual(checkDocumented(exported, inputs), [
                "Widget.shrink() has no doc comment",
                "WidgetArgs.style has no doc comment",
                "WidgetArgs.style is optional but says no @default",
            ]);
        });
    });

    describe("argsTypes", () => {
        it("GIVEN args types using others, by property or by method parameter THEN every one reachable, and none whose name is only part of a word", () => {
            const exported = exportsOf(
                [component("Team", { methods: [{ signature: "grant(who)", doc: "Grants.", parameterTypes: "GrantArgs" }] })],
                {
                    TeamArgs: [member("quota", { type: "pulumi.Input<QuotaArgs> | undefined" })],
                    QuotaArgs: [
                        member("limits", { type: "readonly LimitArgs[]" }),
                        member("like", { type: "MyBigTeamArgs | TeamArgsExtraLike" }),
                    ],
                    LimitArgs: [member("cpu")],
                    GrantArgs: [member("role")],
                    BigTeamArgs: [member("size")],
                    TeamArgsExtra: [member("extra")],
                },
            );
            assert.deepEqual([...argsTypes(exported)].sort(), ["GrantArgs", "LimitArgs", "QuotaArgs", "TeamArgs"]);
        });

        it("GIVEN a type THEN it is a component's args only when a constructor takes it", () => {
            const exported = exportsOf([component("Team")], { TeamArgs: [], QuotaArgs: [] });
            assert.deepEqual([isArgsOfComponent("TeamArgs", exported), isArgsOfComponent("QuotaArgs", exported)], [true, false]);
        });
    });

    describe("checkDocumented", () => {
        it("GIVEN everything documented, every optional arg with its default THEN no problem", () => {
            const exported = exportsOf([component("Team", { outputs: [member("id")] })], {
                TeamArgs: [member("name"), member("quota", { optional: true, defaultText: "TEAM_DEFAULTS.quota" })],
            });
            assert.deepEqual(checkDocumented(exported, new Set(["TeamArgs"])), []);
        });

        it("GIVEN each gap THEN one problem naming the component, output, method or arg", () => {
            const exported = exportsOf(
                [
                    component("Team", {
                        doc: "",
                        outputs: [member("id", { doc: "" })],
                        methods: [{ signature: "grant(who, role?)", doc: "", parameterTypes: "string, string" }],
                    }),
                ],
                {
                    TeamArgs: [
                        member("name", { doc: "" }),
                        member("quota", { optional: true }),
                        member("owner", { defaultText: "platform" }),
                    ],
                },
            );
            assert.deepEqual(checkDocumented(exported, new Set(["TeamArgs", "GoneArgs"])), [
                "Team has no doc comment",
                "Team.id (an output) has no doc comment",
                "Team.grant(who, role?) has no doc comment",
                "TeamArgs.name has no doc comment",
                "TeamArgs.quota is optional but says no @default",
                "TeamArgs.owner is required but says a @default",
                "GoneArgs is not exported from components/index.ts, or not declared in components/",
            ]);
        });
    });
});
