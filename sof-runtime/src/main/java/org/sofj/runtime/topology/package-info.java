/**
 * Topologies: a graph of libraries, pipelines, module instances and connections, read from a TOML
 * file ({@code docs/topology.md}) with {@link org.sofj.runtime.topology.Topology#read} or built in
 * code with {@link org.sofj.runtime.topology.Topology#builder}, and created in a runtime with
 * {@link org.sofj.runtime.topology.Deployment#deploy}. The {@code sofj} command is one client of
 * this package; an embedding application is another (docs/embedding.md).
 *
 * <p>Every mistake in a topology is a {@link org.sofj.runtime.topology.TopologyException} whose
 * message is one line naming the file, the table, the key and the value; a refused topology
 * changes nothing.
 */
package org.sofj.runtime.topology;
