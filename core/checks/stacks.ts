import { CONFIG_NAMESPACE } from "../base/constants";
import { LAYOUT } from "../base/layout";
import { closest } from "../base/problems";
import type { CheckOf } from "./check";

export const stackExists: CheckOf<"stack"> = {
    id: "stack-exists",
    stage: "stack",
    checks: "the stack named has a stack file or helm-platform configuration (nothing to read is a typo in the name, reported alone)",
    run: ({ stack, stackFile, config, environments }) => {
        if (stackFile || Object.keys(config).some((k) => k.startsWith(`${CONFIG_NAMESPACE}:`))) {
            return [];
        }
        const suggestion = closest(stack, environments);
        return [
            {
                file: LAYOUT.stackFile(stack),
                path: "",
                message: `there is no stack "${stack}": no such file and no ${CONFIG_NAMESPACE} configuration`,
                hint: suggestion
                    ? `did you mean "${suggestion}"?`
                    : `the stacks are: ${environments.join(", ") || "none yet (add Pulumi.<env>.yaml)"}`,
            },
        ];
    },
};
