import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import { EXPOSURE_POLICIES } from "../../../core/tenancy/admissionNetwork";
import { type Allowed, type Denied, fintech, namespaceOf, policyTable, request, retail, service, waived } from "../../support/admission";

const withLoadBalancers = namespaceOf("fintech", { exposure: { serviceTypes: ["LoadBalancer"], ingressDomains: [] } });
const withExternalName = namespaceOf("fintech", { exposure: { serviceTypes: ["ExternalName"], ingressDomains: [] } });

const ingress = (spec: Record<string, unknown>, ns = retail, annotations?: Record<string, string>) =>
    request(
        Ingress,
        "networking.k8s.io",
        "ingresses",
        { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "i", ...(annotations ? { annotations } : {}) }, spec },
        ns,
    );
const rule = (host?: string) => ({
    ...(host ? { host } : {}),
    http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "s", port: { number: 80 } } } }] },
});
const shop = { rules: [rule("shop.contoso.example")] };
const annotated = (annotations: Record<string, string>, ns = retail) => ingress(shop, ns, annotations);
const nginx = (name: string, value: string, ns = retail) => annotated({ [`nginx.ingress.kubernetes.io/${name}`]: value }, ns);
const snippetsWaived = waived("retail", "ingressSnippets");

const ALLOWED: Allowed[] = [
    ["a ClusterIP Service", service({})],
    ["a headless Service", service({ clusterIP: "None" })],
    ["a LoadBalancer Service where the team's allowance allows it", service({ type: "LoadBalancer" }, withLoadBalancers)],
    [
        "an ExternalName Service where the team's allowance allows it",
        service({ type: "ExternalName", externalName: "db.example" }, withExternalName),
    ],
    ["an Ingress for the team's domain", ingress(shop)],
    [
        "an Ingress for a subdomain with TLS",
        ingress({
            rules: [rule("api.shop.contoso.example")],
            tls: [{ hosts: ["api.shop.contoso.example", "*.shop.contoso.example"], secretName: "tls" }],
        }),
    ],
    [
        "an Ingress with everyday ingress-nginx annotations",
        annotated({ "nginx.ingress.kubernetes.io/rewrite-target": "/", "nginx.ingress.kubernetes.io/proxy-body-size": "8m" }),
    ],
    ["a server-alias under the team's domain", nginx("server-alias", "www.shop.contoso.example, shop.contoso.example")],
    ["an auth-secret of the Ingress's own namespace, by bare name", nginx("auth-secret", "basic-auth")],
    ["an auth-tls-secret of the Ingress's own namespace, by namespace/name", nginx("auth-tls-secret", "retail/ca")],
    [
        "a configuration-snippet where the team's allowance waives ingressSnippets",
        nginx("configuration-snippet", "more_set_headers 'X: y';", snippetsWaived),
    ],
    [
        "an auth-url where the team's allowance waives ingressSnippets",
        nginx("auth-url", "https://auth.shop.contoso.example/check", snippetsWaived),
    ],
];

const DENIED: Denied[] = [
    ["a Service with externalIPs", service({ externalIPs: ["203.0.113.7"] }), /externalIPs/],
    ["a LoadBalancer Service the team's allowance does not allow", service({ type: "LoadBalancer" }), /Service type is not allowed/],
    ["a NodePort Service", service({ type: "NodePort" }, withLoadBalancers), /Service type is not allowed/],
    [
        "an ExternalName Service without the allowance",
        service({ type: "ExternalName", externalName: "payments.fintech.svc.cluster.local" }),
        /Service type is not allowed/,
    ],
    ["an Ingress for another domain", ingress({ rules: [rule("payments.contoso.example")] }), /names a host under the team's domains/],
    ["an Ingress for a look-alike domain", ingress({ rules: [rule("evilshop.contoso.example")] }), /names a host under the team's domains/],
    ["an Ingress rule without a host", ingress({ rules: [rule()] }), /names a host under the team's domains/],
    ["an Ingress with a default backend", ingress({ defaultBackend: { service: { name: "s", port: { number: 80 } } } }), /default backend/],
    ["an Ingress with TLS for another domain", ingress({ ...shop, tls: [{ hosts: ["*.contoso.example"] }] }), /TLS hosts/],
    ["an Ingress in a namespace without domains", ingress(shop, fintech), /names a host under the team's domains/],
    ["a server-alias for another team's host", nginx("server-alias", "shop.contoso.example,payments.contoso.example"), /server-alias/],
    [
        "a server-alias that is an NGINX regex ending in the team's domain",
        nginx("server-alias", "~.*|x.shop.contoso.example"),
        /never a pattern/,
    ],
    [
        "a configuration-snippet",
        nginx("configuration-snippet", "proxy_pass http://ledger.fintech.svc;"),
        /snippet annotations are refused.*ingressSnippets/,
    ],
    ["a server-snippet", nginx("server-snippet", "location /x { return 200; }"), /snippet annotations/],
    ["an auth-snippet", nginx("auth-snippet", "proxy_set_header X y;"), /snippet annotations/],
    ["a stream-snippet", nginx("stream-snippet", "server { listen 9000; }"), /snippet annotations/],
    [
        "an auth-url pointing into another namespace",
        nginx("auth-url", "http://ledger.fintech.svc.cluster.local/"),
        /auth-url, auth-signin and mirror/,
    ],
    ["an auth-signin", nginx("auth-signin", "https://login.example/start"), /auth-url, auth-signin and mirror/],
    ["a mirror-target", nginx("mirror-target", "http://ledger.fintech.svc.cluster.local$request_uri"), /auth-url, auth-signin and mirror/],
    ["an auth-tls-secret of another namespace", nginx("auth-tls-secret", "fintech/ca"), /own namespace only/],
    ["a custom-headers ConfigMap of another namespace", nginx("custom-headers", "monitoring/headers"), /own namespace only/],
    [
        "a cross-namespace reference even where ingressSnippets is waived",
        nginx("proxy-ssl-secret", "fintech/client", snippetsWaived),
        /own namespace only/,
    ],
];

describe("admission of Services and Ingresses in tenant namespaces", () => {
    policyTable(EXPOSURE_POLICIES, ALLOWED, DENIED);
});
