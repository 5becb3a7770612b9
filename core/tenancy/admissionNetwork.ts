/**
 * Admission of what a team exposes: Service types and Ingresses (hosts, and the ingress-nginx
 * annotations that would reach past the team's namespace).
 */
import { type AdmissionPolicy, annotation, celList, core, EXCEPTIONS_VARIABLE, waivable } from "./admissionPolicy";
import { EXPOSURE_ANNOTATIONS } from "./objects";

/** The annotation prefix ingress-nginx reads (its `--annotations-prefix` default). */
export const INGRESS_NGINX_PREFIX = "nginx.ingress.kubernetes.io/";

/**
 * ingress-nginx annotations that make the controller run configuration or send requests the team
 * writes. The controller reads every namespace's Secrets and every tenant's NetworkPolicy admits it, so
 * both reach other teams. Denied unless the team's allowance waives `ingressSnippets`. Every
 * `*-snippet` (ingress-nginx rates them Critical: raw NGINX configuration, unvalidated) is denied by
 * its suffix; the others by name (rated High): `auth-url` (the controller calls it for every request,
 * from inside the cluster), `auth-signin` (where users are sent to sign in), `mirror-target` and
 * `mirror-host` (a copy of every request to a URL the team names).
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations-risk/
 */
export const INGRESS_CALL_OUT_ANNOTATIONS = ["auth-url", "auth-signin", "mirror-target", "mirror-host"] as const;

/**
 * ingress-nginx annotations that name a Secret or ConfigMap as `<namespace>/<name>`: another namespace's
 * is refused (the controller would read it for the team), the team's own or a bare name is fine.
 * `allow-cross-namespace-resources` refuses most of them in current ingress-nginx, but not
 * `custom-headers`, and the controller is not the platform's to configure.
 */
export const INGRESS_REFERENCE_ANNOTATIONS = [
    "auth-secret",
    "auth-tls-secret",
    "auth-proxy-set-headers",
    "proxy-ssl-secret",
    "fastcgi-params-configmap",
    "custom-headers",
] as const;

/** The ingress-nginx annotation that adds server names: each must be a host under the team's domains. */
export const SERVER_ALIAS_ANNOTATION = `${INGRESS_NGINX_PREFIX}server-alias`;

/** A host name as Ingress rules write it, optionally a leading wildcard label; never an NGINX regex (`~…`). */
const HOST = "^(\\\\*\\\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
const underDomains = (host: string) => `variables.domains.exists(d, ${host} == d || ${host}.endsWith('.' + d))`;

const services: AdmissionPolicy = {
    name: "helm-platform-tenant-services",
    description:
        "Services stay inside the cluster unless the team's allowance allows a type (NodePort, LoadBalancer, ExternalName): no externalIPs, ClusterIP only by default",
    resources: [core("services")],
    variables: [{ name: "allowed", expression: annotation(EXPOSURE_ANNOTATIONS.serviceTypes) }],
    validations: [
        {
            expression: "!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0",
            message: "Services in tenant namespaces may not set externalIPs (they would capture other traffic on every node)",
            reason: "Forbidden",
        },
        {
            expression: "!has(object.spec.type) || object.spec.type == 'ClusterIP' || object.spec.type in variables.allowed",
            message: "this Service type is not allowed for the team; ask for it under exposure.serviceTypes in the team's file",
            reason: "Forbidden",
        },
    ],
};

const ingressHosts: AdmissionPolicy = {
    name: "helm-platform-tenant-ingress-hosts",
    description: "Ingresses serve only hosts under the team's declared domains, and always name a host",
    resources: [{ apiGroups: ["networking.k8s.io"], apiVersions: ["v1"], resources: ["ingresses"] }],
    variables: [{ name: "domains", expression: annotation(EXPOSURE_ANNOTATIONS.ingressDomains) }],
    validations: [
        {
            expression: "!has(object.spec.defaultBackend)",
            message: "a default backend would catch every host; name the hosts in rules",
            reason: "Forbidden",
        },
        {
            expression: `!has(object.spec.rules) || object.spec.rules.all(r, has(r.host) && ${underDomains("r.host")})`,
            message: "every Ingress rule names a host under the team's domains (exposure.ingressDomains in the team's file)",
            reason: "Forbidden",
        },
        {
            expression: `!has(object.spec.tls) || object.spec.tls.all(t, !has(t.hosts) || t.hosts.all(h, ${underDomains("h")}))`,
            message: "TLS hosts are under the team's domains (exposure.ingressDomains in the team's file)",
            reason: "Forbidden",
        },
        {
            expression: `!has(object.metadata.annotations) || !('${SERVER_ALIAS_ANNOTATION}' in object.metadata.annotations) || object.metadata.annotations['${SERVER_ALIAS_ANNOTATION}'].split(',').all(a, a.trim().matches('${HOST}') && ${underDomains("a.trim()")})`,
            message: "server-alias names only hosts under the team's domains (exposure.ingressDomains in the team's file), never a pattern",
            reason: "Forbidden",
        },
    ],
};

const ingressAnnotations: AdmissionPolicy = {
    name: "helm-platform-tenant-ingress-annotations",
    description:
        "ingress-nginx runs no configuration and calls no URL a team writes (snippets, auth-url, auth-signin, mirrors) unless the team's allowance waives ingressSnippets, and reads no other namespace's Secrets or ConfigMaps",
    resources: [{ apiGroups: ["networking.k8s.io"], apiVersions: ["v1"], resources: ["ingresses"] }],
    variables: [
        {
            name: "annotations",
            expression: "has(object.metadata.annotations) ? object.metadata.annotations : {}",
        },
        EXCEPTIONS_VARIABLE,
    ],
    validations: [
        waivable("ingressSnippets", {
            expression: `variables.annotations.all(k, !(k.startsWith('${INGRESS_NGINX_PREFIX}') && k.endsWith('-snippet')))`,
            message:
                "ingress-nginx snippet annotations are refused in tenant namespaces (raw NGINX configuration in the shared controller)",
            reason: "Forbidden",
        }),
        waivable("ingressSnippets", {
            expression: `variables.annotations.all(k, !(k in ${celList(INGRESS_CALL_OUT_ANNOTATIONS.map((a) => INGRESS_NGINX_PREFIX + a))}))`,
            message:
                "ingress-nginx auth-url, auth-signin and mirror annotations are refused in tenant namespaces (the controller would call a URL the team names)",
            reason: "Forbidden",
        }),
        {
            expression: `variables.annotations.all(k, !(k in ${celList(INGRESS_REFERENCE_ANNOTATIONS.map((a) => INGRESS_NGINX_PREFIX + a))}) || !variables.annotations[k].contains('/') || variables.annotations[k].startsWith(request.namespace + '/'))`,
            message: "ingress-nginx annotations may name Secrets and ConfigMaps of the Ingress's own namespace only",
            reason: "Forbidden",
        },
    ],
};

/** The exposure policies: Services, Ingress hosts, ingress-nginx annotations. */
export const EXPOSURE_POLICIES: readonly AdmissionPolicy[] = [services, ingressHosts, ingressAnnotations];
