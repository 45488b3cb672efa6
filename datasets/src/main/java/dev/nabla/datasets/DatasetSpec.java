package dev.nabla.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link Locator} needs to know about an MNIST-style dataset.
 *
 * @param name the cache subdirectory and system-property suffix, e.g. {@code fashion-mnist}
 * @param title the name in messages, e.g. {@code Fashion-MNIST}
 * @param mirrors the public download mirrors, tried in order
 * @param md5 the published md5 of each .gz file
 * @param systemDirs where system packages install the files
 * @param embeddedDir the classpath directory of an embedded copy, or null
 * @param installHint a command that installs the files, or null
 */
record DatasetSpec(
    String name,
    String title,
    List<String> mirrors,
    Map<String, String> md5,
    List<Path> systemDirs,
    String embeddedDir,
    String installHint) {}
