/**
 * Reading the project's YAML input files, the same way for every kind (scenarios, drill plans):
 * {@link dev.rollbackdrill.yaml.YamlFiles} owns the file limits (size, strict UTF-8, one document,
 * alias and nesting limits) and composes a file into SnakeYAML nodes; {@link
 * dev.rollbackdrill.yaml.YamlReader} walks those nodes field by field and words the common
 * mistakes; {@link dev.rollbackdrill.yaml.Problem} is one mistake with its file, line and field.
 * This package may use the JDK and SnakeYAML's node API only (never its constructors, so no file
 * can choose a Java type), and knows nothing of what any field means: that belongs to the loaders.
 */
package dev.rollbackdrill.yaml;
