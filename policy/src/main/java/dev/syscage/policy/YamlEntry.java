package dev.syscage.policy;

import org.yaml.snakeyaml.nodes.Node;

/** One {@code key: value} pair of a mapping; the key's node locates errors about the key. */
record YamlEntry(String key, Node keyNode, Node value) {
}
