/** `<team>/<app>` of a need written in `team`'s file. */
export const qualify = (team: string, need: string) => (need.includes("/") ? need : `${team}/${need}`);

/** The release a `<team>/<app>` becomes. */
export const releaseNameOf = (qualified: string) => qualified.replace("/", "-");

/**
 * One cycle per group of apps that need each other (a strongly connected component of more than one
 * node), starting at its smallest node: Tarjan's algorithm, then one walk inside the component. Linear
 * in apps and needs, however densely they need each other.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
    return stronglyConnected(graph)
        .filter((component) => component.length > 1)
        .map((component) => cycleWithin(graph, new Set(component)));
}

/** Tarjan's strongly connected components, iteratively (no recursion limit on long chains). */
function stronglyConnected(graph: ReadonlyMap<string, readonly string[]>): string[][] {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const components: string[][] = [];
    let counter = 0;
    for (const root of [...graph.keys()].sort()) {
        if (index.has(root)) {
            continue;
        }
        const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
        index.set(root, counter);
        low.set(root, counter++);
        stack.push(root);
        onStack.add(root);
        while (work.length > 0) {
            const frame = work[work.length - 1];
            const edges = graph.get(frame.node) ?? [];
            if (frame.next < edges.length) {
                const to = edges[frame.next++];
                if (!graph.has(to)) {
                    continue; // an undeclared need, reported on its own
                }
                if (!index.has(to)) {
                    index.set(to, counter);
                    low.set(to, counter++);
                    stack.push(to);
                    onStack.add(to);
                    work.push({ node: to, next: 0 });
                } else if (onStack.has(to)) {
                    low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
                }
                continue;
            }
            work.pop();
            const parent = work[work.length - 1];
            if (parent) {
                low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
            }
            if (low.get(frame.node) === index.get(frame.node)) {
                const component: string[] = [];
                let member: string;
                do {
                    member = stack.pop() as string;
                    onStack.delete(member);
                    component.push(member);
                } while (member !== frame.node);
                components.push(component);
            }
        }
    }
    return components;
}

/** A cycle through the smallest node of a component, found by one breadth-first walk inside it. */
function cycleWithin(graph: ReadonlyMap<string, readonly string[]>, members: ReadonlySet<string>): string[] {
    const start = [...members].sort()[0];
    const previous = new Map<string, string>();
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
        for (const to of graph.get(queue[i]) ?? []) {
            if (to === start) {
                const path = [queue[i]];
                while (path[0] !== start) {
                    path.unshift(previous.get(path[0]) as string);
                }
                return path;
            }
            if (members.has(to) && !previous.has(to)) {
                previous.set(to, queue[i]);
                queue.push(to);
            }
        }
    }
    return [start];
}

/** Releases of one cluster ordered so that every release comes after what it needs (needs are acyclic). */
export function orderByNeeds<R extends { readonly name: string; readonly needs: readonly string[] }>(releases: readonly R[]): R[] {
    const byName = new Map(releases.map((r) => [r.name, r]));
    const ordered: R[] = [];
    const placed = new Set<string>();
    const place = (r: R) => {
        if (placed.has(r.name)) {
            return;
        }
        placed.add(r.name);
        for (const n of r.needs) {
            const need = byName.get(n);
            if (need) {
                place(need);
            }
        }
        ordered.push(r);
    };
    releases.forEach(place);
    return ordered;
}
