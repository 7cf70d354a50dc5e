package com.pharmacyops.platform.paging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;

/**
 * Streams items as NDJSON written a batch of lines per HTTP chunk. The framework writes one chunk per stream
 * element and asks for the next only when it is written, so a chunk per row made a million-row stream a
 * million writes; a batch per chunk makes it a few thousand. Serialized with the application's ObjectMapper, so
 * lines are exactly what the JSON endpoints return. The framework ends each element with a newline, so a chunk
 * holds its lines joined by newlines, without a last one.
 */
@ApplicationScoped
public class Ndjson {

    /** Rows per chunk: the database cursor fetches 2 000 at a time, so a batch never waits long. */
    static final int BATCH = 250;

    private final ObjectWriter writer;

    public Ndjson(ObjectMapper json) {
        this.writer = json.writer();
    }

    public <T> Multi<Buffer> lines(Multi<T> items) {
        return items.group().intoLists().of(BATCH).map(this::chunk);
    }

    private Buffer chunk(List<?> items) {
        Buffer chunk = Buffer.buffer(items.size() * 192);
        try {
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    chunk.appendByte((byte) '\n');
                }
                chunk.appendBytes(writer.writeValueAsBytes(items.get(i)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return chunk;
    }
}
