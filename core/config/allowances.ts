import { z } from "zod";
import { ADMISSION_EXCEPTIONS, ALLOWANCE_KEYS } from "../model/allowances";
import { EXPOSED_SERVICE_TYPES, POD_SECURITY_LEVELS } from "../model/environment";
import { cidrSchema } from "./cidr";
import { nameSchema, objectIdSchema } from "./names";
import { domainSchema, limitsSchema, quotaSchema } from "./tenancy";

/** A calendar day, `YYYY-MM-DD`, that exists. */
export const daySchema = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a day written YYYY-MM-DD, such as 2027-06-30", abort: true })
    .refine(
        (day) => {
            // A month past 12 makes an invalid Date, which has no ISO form (toISOString throws).
            const date = new Date(`${day}T00:00:00Z`);
            return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
        },
        { message: "is not a day of the calendar" },
    );

/** `<owner>/<repository>` on GitHub. */
export const githubRepositorySchema = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { message: "must be <owner>/<repository>" });

/** One allowance: what it grants, why, who approved it, until when, and where. */
const entrySchema = z
    .strictObject({
        /** Why the team needs it, for the reviewer and for whoever renews it. */
        reason: z.string().min(10, { message: "must say why, in at least 10 characters" }),
        /** Who approved it: a person or team and the review it happened in, such as `platform-team (PLAT-231)`. */
        approvedBy: z.string().min(3, { message: "must name who approved it" }),
        /** The last day it holds; after it, the plan has an `allowance-expiry` finding until it is renewed or removed. */
        expires: daySchema,
        /** Environments it applies in. @default every environment the team runs in */
        environments: z.array(nameSchema(12)).min(1).optional(),
        serviceTypes: z.array(z.enum(EXPOSED_SERVICE_TYPES)).min(1).optional(),
        quota: quotaSchema.optional(),
        limits: limitsSchema.optional(),
        ingressDomains: z.array(domainSchema).min(1).optional(),
        egress: z.array(cidrSchema).min(1).optional(),
        podSecurity: z.enum(POD_SECURITY_LEVELS).optional(),
        admission: z.array(z.enum(ADMISSION_EXCEPTIONS)).min(1).optional(),
        promotionExemptions: z.array(nameSchema(40)).min(1).optional(),
        deployers: z
            .strictObject({
                github: z.array(githubRepositorySchema).min(1).optional(),
                objectIds: z.array(objectIdSchema).min(1).optional(),
            })
            .optional(),
        namespace: nameSchema(63).optional(),
        chartPublishers: z.array(objectIdSchema).min(1).optional(),
        charts: z
            .array(z.string().regex(/^[a-z][-a-z0-9]*\/[a-z][-a-z0-9]*$/, { message: "must be <team>/<chart>" }))
            .min(1)
            .optional(),
    })
    .refine((entry) => ALLOWANCE_KEYS.some((key) => entry[key] !== undefined), {
        message: `grants nothing; an allowance grants at least one of ${ALLOWANCE_KEYS.join(", ")}`,
        params: { hint: "add what it allows, or remove the entry" },
    });

/** `allowances/<team>.yaml`: what the platform allows one team beyond its defaults. */
export const allowancesFileSchema = z.strictObject({
    team: nameSchema(30),
    allowances: z.array(entrySchema).min(1),
});

export type AllowancesFileInput = z.output<typeof allowancesFileSchema>;
export type AllowanceEntryInput = AllowancesFileInput["allowances"][number];
