package dev.tldb.linkmap;

/**
 * A target capability ({@code Target.capability(LinkMapSource.class)}): the raw link map behind
 * {@code Target.modules()}, for what needs more than the module list, such as the
 * {@code qXfer:libraries-svr4} document ({@code main-lm}, each entry's {@code lm}, {@code l_ld}).
 */
public interface LinkMapSource {
    LinkMap linkMap();
}
