package dev.abilock.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.abilock.core.model.struct.XenStructs;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructManifestTest {
  @Test
  void printsXen() {
    Manifest m =
        Manifest.of(
            List.of(),
            List.of(
                XenStructs.HVM_MODIFIED_MEMORY_44,
                XenStructs.MEM_ACCESS_OP_46_RESUME_RETIRED,
                XenStructs.MEMORY_RESERVATION),
            Manifest.empty(),
            "4.5");
    System.out.println(m.render());
    assertEquals(2, m.version());
  }
}
