/**
 * The sofj Maven plugin's goals, which make a sofj plugin library part of a module author's
 * build: {@code manifest} ({@link org.sofj.maven.ManifestMojo}, phase {@code process-classes})
 * writes or checks {@code META-INF/sofj/modules.toml} from each provider's {@code describe},
 * {@code pack} ({@link org.sofj.maven.PackMojo}, phase {@code package}) runs the loader's link
 * check and packs and signs the {@code .sofjlib}, and {@code keygen}
 * ({@link org.sofj.maven.KeygenMojo}, no project needed) makes a signing key pair.
 *
 * <p>The plugin runs inside Maven, on a class realm Maven builds from the plugin's dependencies
 * (a class path, not a module layer), so it has no {@code module-info}: a descriptor would not be
 * read there. Every goal fails the build with a {@code MojoFailureException} whose message is one
 * line per problem, naming the file or field and the value, as the runtime's loader would.
 */
package org.sofj.maven;
