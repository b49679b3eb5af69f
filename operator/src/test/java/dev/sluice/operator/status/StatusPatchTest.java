package dev.sluice.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusPatchTest {
  private static byte[] json(String text) {
    return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsTheTopLevelResourceVersionPastNestedMetadata() {
    byte[] answer = json("{'apiVersion':'sluice.dev/v1alpha1','kind':'Rollout','spec':{'template':{'metadata':"
        + "{'resourceVersion':'nested','labels':{'app':'web'}}},'steps':[{'setWeight':20},[1,2]]},"
        + "'metadata':{'name':'web','labels':{'resourceVersion':'label'},'managedFields':[{'manager':'sluice'}],"
        + "'resourceVersion':'4711','generation':3},'status':{'phase':'Progressing'}}");

    assertThat(StatusPatch.resourceVersion(answer)).isEqualTo("4711");
  }

  @Test
  void anAnswerWithoutOneHasNone() {
    assertThat(StatusPatch.resourceVersion(json("{'metadata':{'name':'web'},'status':{}}"))).isNull();
    assertThat(StatusPatch.resourceVersion(json("{'metadata':{'resourceVersion':12}}"))).isNull();
    assertThat(StatusPatch.resourceVersion(json("[{'metadata':{'resourceVersion':'1'}}]"))).isNull();
    assertThat(StatusPatch.resourceVersion(json("{'metadata':{'resourceVer"))).isNull();
    assertThat(StatusPatch.resourceVersion(json("<html>proxy error</html>"))).isNull();
  }
}
