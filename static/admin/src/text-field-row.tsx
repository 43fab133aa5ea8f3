/**
 * A labelled text box with its help text and inline error, wired for screen readers:
 * the error is announced (aria-live) and linked to the box with aria-describedby.
 */
import { ErrorMessage, HelperMessage, Label, MessageWrapper, RequiredAsterisk } from '@atlaskit/form';
import { Box, Text, xcss } from '@atlaskit/primitives';
import Textfield from '@atlaskit/textfield';
import type { ChangeEvent } from 'react';

export interface TextFieldRowProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  helper?: string;
  isRequired?: boolean;
  isDisabled?: boolean;
  type?: 'text' | 'email' | 'url' | 'password' | 'number' | 'search';
  placeholder?: string;
  autoComplete?: string;
  width?: number;
  inputMode?: 'numeric';
  min?: number;
  max?: number;
  /** Shown after the value inside the box, e.g. "%". */
  suffix?: string;
  /** Ids of other messages (a form-level error) that describe this box too. */
  describedBy?: string | undefined;
}

export function TextFieldRow(props: TextFieldRowProps) {
  const helperId = `${props.id}-helper`;
  const errorId = `${props.id}-error`;
  const describedBy = [props.helper ? helperId : undefined, props.error ? errorId : undefined, props.describedBy].filter(Boolean).join(' ');
  return (
    <Box>
      <Label htmlFor={props.id}>
        {props.label}
        {props.isRequired ? <RequiredAsterisk /> : null}
      </Label>
      <Textfield
        id={props.id}
        name={props.id}
        testId={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(event: ChangeEvent<HTMLInputElement>) => props.onChange(event.currentTarget.value)}
        isInvalid={Boolean(props.error)}
        isRequired={props.isRequired ?? false}
        isDisabled={props.isDisabled ?? false}
        {...(props.placeholder !== undefined ? { placeholder: props.placeholder } : {})}
        {...(props.autoComplete !== undefined ? { autoComplete: props.autoComplete } : {})}
        {...(props.width !== undefined ? { width: props.width } : {})}
        {...(props.inputMode !== undefined ? { inputMode: props.inputMode } : {})}
        {...(props.min !== undefined ? { min: props.min } : {})}
        {...(props.max !== undefined ? { max: props.max } : {})}
        {...(props.suffix !== undefined ? { elemAfterInput: <Suffix text={props.suffix} /> } : {})}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
      />
      {props.helper ? (
        <div id={helperId}>
          <HelperMessage>{props.helper}</HelperMessage>
        </div>
      ) : null}
      <MessageWrapper>
        {props.error ? (
          <div id={errorId}>
            <ErrorMessage testId={`${props.id}-error`}>{props.error}</ErrorMessage>
          </div>
        ) : null}
      </MessageWrapper>
    </Box>
  );
}

const suffixStyles = xcss({ paddingInlineEnd: 'space.100' });

function Suffix({ text }: { text: string }) {
  return (
    <Box xcss={suffixStyles} aria-hidden="true">
      <Text color="color.text.subtle">{text}</Text>
    </Box>
  );
}
